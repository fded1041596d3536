import { describe, expect, it } from 'vitest';
import { formSchemas, repoUrlOf, repoUrlParts } from './template-schema.ts';

describe('template parameters as one form', () => {
  it('merges pages and moves ui:* keys to the uiSchema', () => {
    const { schema, uiSchema } = formSchemas([
      {
        title: 'One',
        required: ['name'],
        properties: { name: { type: 'string', 'ui:field': 'EntityNamePicker' } },
      },
      {
        required: ['repoUrl'],
        properties: {
          repoUrl: {
            type: 'string',
            'ui:field': 'RepoUrlPicker',
            'ui:options': { allowedHosts: ['github.com'] },
          },
        },
      },
    ]);
    expect(schema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, repoUrl: { type: 'string' } },
      required: ['name', 'repoUrl'],
    });
    expect(uiSchema).toEqual({
      name: { 'ui:field': 'EntityNamePicker' },
      repoUrl: { 'ui:field': 'RepoUrlPicker', 'ui:options': { allowedHosts: ['github.com'] } },
    });
  });

  it('round-trips RepoUrlPicker values', () => {
    expect(repoUrlOf({ host: 'github.com', owner: 'acme', repo: 'invoices' })).toBe(
      'github.com?owner=acme&repo=invoices',
    );
    expect(repoUrlParts('github.com?owner=acme&repo=invoices')).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'invoices',
    });
  });
});
