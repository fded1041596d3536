import { describe, expect, it } from 'vitest';
import { parseEntityRef, parseRepoUrl, pick } from './filters.ts';
import { createRenderer, isSingleTemplateString, renderValue } from './renderer.ts';
import { filtersUsed } from './template-check.ts';

const render = createRenderer();
const context = {
  parameters: {
    name: 'invoices',
    replicas: 3,
    tags: ['a', 'b'],
    repoUrl: 'github.com?owner=acme&repo=invoices',
  },
  steps: { publish: { output: { remoteUrl: 'https://github.com/acme/invoices.git' } } },
};

describe('the scaffolder template engine (Nunjucks as Backstage configures it)', () => {
  it('keeps the type of a string that is exactly one expression', () => {
    expect(
      renderValue(
        {
          count: '${{ parameters.replicas }}',
          tags: '${{ parameters.tags }}',
          repo: '${{ parameters.repoUrl | parseRepoUrl }}',
          text: 'name-${{ parameters.name }}',
          missing: '${{ parameters.nothing }}',
        },
        context,
        render,
      ),
    ).toEqual({
      count: 3,
      tags: ['a', 'b'],
      repo: { host: 'github.com', owner: 'acme', repo: 'invoices' },
      text: 'name-invoices',
    });
  });

  it('renders blocks, autoescape off, and {{ }} as plain text outside cookiecutter mode', () => {
    expect(render('{% if parameters.name %}<${{ parameters.name }}>{% endif %} {{ x }}', context)).toBe(
      '<invoices> {{ x }}',
    );
    expect(
      createRenderer({ cookiecutterCompat: true })('{{ cookiecutter.n | jsonify }}', {
        cookiecutter: { n: 'a' },
      }),
    ).toBe('"a"');
  });

  it('tells single expressions from mixed strings', () => {
    expect(isSingleTemplateString('${{ parameters.name }}')).toBe(true);
    expect(isSingleTemplateString('x ${{ parameters.name }}')).toBe(false);
    expect(isSingleTemplateString('plain')).toBe(false);
  });

  it('has Backstage filters with their semantics', () => {
    expect(render('${{ parameters.repoUrl | projectSlug }}', context)).toBe('acme/invoices');
    expect(parseEntityRef('group:team-orders')).toEqual({
      kind: 'group',
      namespace: 'default',
      name: 'team-orders',
    });
    expect(parseEntityRef('team-orders', { defaultKind: 'Group' })).toEqual({
      kind: 'Group',
      namespace: 'default',
      name: 'team-orders',
    });
    expect(() => parseEntityRef('team-orders')).toThrow('had missing or empty kind');
    expect(render("${{ 'group:ops/sre' | parseEntityRef | pick('name') }}", context)).toBe('sre');
    expect(pick({ a: [{ b: 1 }] }, 'a[0].b')).toBe(1);
    expect(() => parseRepoUrl('github.com?owner=acme')).toThrow('missing repo');
  });

  it('finds the filters a template uses', () => {
    expect([...filtersUsed('${{ a | upper | nope(1) }}{% if b | zzz %}{% endif %}')].sort()).toEqual([
      'nope',
      'upper',
      'zzz',
    ]);
  });
});
