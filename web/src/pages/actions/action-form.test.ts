import { describe, expect, it } from 'vitest';
import { formSchemaFor, prefillFrom, runFormPath } from './action-form.ts';
import { rollbackAction } from './action-test-data.ts';

describe('formSchemaFor', () => {
  it('turns inputs with filled pickers into choices and drops the picker marks', () => {
    expect(formSchemaFor(rollbackAction())).toEqual({
      type: 'object',
      required: ['environment', 'version'],
      properties: {
        environment: { type: 'string', default: 'production', enum: ['production', 'staging'] },
        version: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$', enum: ['1.4.0', '1.3.2', '1.3.1'] },
      },
    });
  });

  it('leaves an input free text when its picker has no options', () => {
    const schema = formSchemaFor(rollbackAction({ pickers: { environment: ['production'], version: [] } }));
    expect(schema.properties?.version).toEqual({ type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' });
  });

  it('keeps a linked choice Cairn did not list choosable', () => {
    const schema = formSchemaFor(rollbackAction(), { version: '1.0.0', environment: 'production' });
    expect(schema.properties?.version).toEqual({
      type: 'string',
      pattern: '^[A-Za-z0-9._-]{1,128}$',
      enum: ['1.4.0', '1.3.2', '1.3.1', '1.0.0'],
    });
    expect(schema.properties?.environment).toEqual({
      type: 'string',
      default: 'production',
      enum: ['production', 'staging'],
    });
  });
});

describe('prefillFrom', () => {
  const inputs = {
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      dryRun: { type: 'boolean' },
      tag: { type: 'string', 'x-cairn-picker': 'version' },
      regions: { type: 'array', items: { type: 'string' } },
    },
  };

  it('types values as the schema says, maps a picker kind to its input and skips the rest', () => {
    const params = new URLSearchParams(
      'service=payment&replicas=4&dryRun=true&version=1.3.2&regions=eu,us&x=1',
    );
    expect(prefillFrom(inputs, params)).toEqual({
      replicas: 4,
      dryRun: true,
      tag: '1.3.2',
      regions: ['eu', 'us'],
    });
  });

  it('keeps a number that does not parse as written, so the form shows it as invalid', () => {
    expect(prefillFrom(inputs, new URLSearchParams('replicas=many'))).toEqual({ replicas: 'many' });
  });
});

describe('runFormPath', () => {
  it('builds the shareable address without empty parameters', () => {
    expect(runFormPath('rollback', { service: 'payment', version: '1.3.2', environment: '' })).toBe(
      '/actions/rollback/run?service=payment&version=1.3.2',
    );
  });
});
