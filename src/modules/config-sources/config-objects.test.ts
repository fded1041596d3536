import { describe, expect, it } from 'vitest';
import { catalogFieldDigests, fieldDigests } from './config-objects.ts';

describe('config objects compared by field digests', () => {
  it('leaves out where an object sits: file, line at any depth, a template copy dir', () => {
    const here = fieldDigests({
      id: 'restart',
      file: '/srv/a/actions/restart.yaml',
      line: 3,
      dir: '/srv/a',
      steps: [{ title: 'Restart', line: 7 }],
    });
    const there = fieldDigests({
      id: 'restart',
      file: 'actions/restart.yaml',
      line: 40,
      dir: '/tmp/checkout',
      steps: [{ line: 9, title: 'Restart' }],
    });
    expect(Object.keys(here)).toEqual(['id', 'steps']);
    expect(here).toEqual(there);
    expect(fieldDigests({ steps: [{ title: 'Restart now' }] }).steps).not.toBe(here.steps);
  });

  it('names a catalog change by its own field, not by spec as well', () => {
    const entity = {
      ref: 'component:default/cart',
      kind: 'Component' as const,
      namespace: 'default',
      name: 'cart',
      title: null,
      description: null,
      type: 'service',
      lifecycle: 'production',
      owner: 'team-orders',
      system: null,
      dependsOn: [],
      links: [],
      tags: [],
      annotations: {},
      spec: { type: 'service', lifecycle: 'production', owner: 'team-orders', providesApis: ['cart-api'] },
      file: 'cart.yaml',
      line: 1,
    };
    const before = catalogFieldDigests(entity);
    const after = catalogFieldDigests({
      ...entity,
      lifecycle: 'experimental',
      spec: { ...entity.spec, lifecycle: 'experimental' },
    });
    expect(Object.keys(before).filter((field) => before[field] !== after[field])).toEqual(['lifecycle']);
    const moreApis = catalogFieldDigests({
      ...entity,
      spec: { ...entity.spec, providesApis: ['cart-api', 'x'] },
    });
    expect(Object.keys(before).filter((field) => before[field] !== moreApis[field])).toEqual(['spec']);
  });
});
