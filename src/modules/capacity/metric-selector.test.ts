import { describe, expect, it } from 'vitest';
import { parseSelector } from './metric-selector.ts';

describe('parseSelector', () => {
  it('reads a bare name, label matchers in either quote, and __name__', () => {
    expect(parseSelector('node_memory_MemAvailable_bytes')).toEqual({
      name: 'node_memory_MemAvailable_bytes',
      service: undefined,
      labels: [],
    });
    expect(parseSelector(` up{ instance = "a:9100", job='node', } `)).toEqual({
      name: 'up',
      service: undefined,
      labels: [
        ['instance', 'a:9100'],
        ['job', 'node'],
      ],
    });
    expect(
      parseSelector('{__name__="http.server.duration", service.name="checkout", route="/a\\"b"}'),
    ).toEqual({
      name: 'http.server.duration',
      service: 'checkout',
      labels: [['route', '/a"b']],
    });
  });

  it('names the field and the problem when it cannot read a selector', () => {
    expect(() => parseSelector('up{job!="x"}')).toThrow(
      'selector: only = matchers are supported (job!= is not)',
    );
    expect(() => parseSelector('up{job=~"x.*"}')).toThrow(
      'selector: only = matchers are supported (job=~ is not)',
    );
    expect(() => parseSelector('{job="x"}')).toThrow('selector: needs a metric name');
    expect(() => parseSelector('up{job="x"')).toThrow('selector: expected , or } at character 11');
    expect(() => parseSelector('up{job=x}')).toThrow('selector: expected a quoted value at character 8');
    expect(() => parseSelector('rate(up[5m])')).toThrow('selector: unexpected "(up[5m])" at character 5');
  });
});
