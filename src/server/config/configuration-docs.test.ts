import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CairnConfigSchema } from '../../kernel/config-schema.ts';
import { ENV_KEYS } from './load-config.ts';

const DOCS = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');

/** Every leaf key of the config schema, dotted (`server.port`). */
function leafKeys(schema: z.ZodType, prefix = ''): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) {
    inner = inner.unwrap() as z.ZodType;
  }
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      leafKeys(child, prefix ? `${prefix}.${key}` : key),
    );
  }
  return [prefix];
}

describe('docs/configuration.md', () => {
  it('documents every configuration key', () => {
    const keys = leafKeys(CairnConfigSchema);
    expect(keys.length).toBeGreaterThan(10);
    const undocumented = keys.filter((key) => !DOCS.includes(`\`${key}\``));
    expect(undocumented).toEqual([]);
  });

  it('documents every CAIRN_* variable with the key it sets', () => {
    const missing = Object.entries(ENV_KEYS)
      .filter(
        ([name, path]) =>
          !new RegExp(`\\|\\s*\`${name}\`\\s*\\|\\s*\`${path.join('\\.')}\`\\s*\\|`).test(DOCS),
      )
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
