/** Setting shapes every executor shares. */
import { z } from 'zod';
import { ExecutorError } from '../../executor.ts';

const TEMPLATE = /\$\{\{[^}]*\}\}/;

/**
 * A whole number that may come from an input: `3`, `"3"` or `"${{ inputs.replicas }}"`. Actions
 * are validated before inputs exist, so a template passes here and `toInteger` checks the
 * substituted value when the run executes.
 */
export function templatedInteger(key: string, minimum = 0) {
  return z.union(
    [
      z.number().int(`${key}: must be a whole number`).min(minimum, `${key}: must be at least ${minimum}`),
      z
        .string()
        .refine(
          (text) => TEMPLATE.test(text) || (/^\s*\d+\s*$/.test(text) && Number(text) >= minimum),
          `${key}: must be a whole number of at least ${minimum}, or an input like \${{ inputs.${key} }}`,
        ),
    ],
    { error: `${key}: must be a whole number or an input like \${{ inputs.${key} }}` },
  );
}

/** The substituted value of a `templatedInteger` setting. */
export function toInteger(value: number | string, key: string, minimum = 0): number {
  const number = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(number) || number < minimum || (typeof value === 'string' && value.trim() === '')) {
    throw new ExecutorError(
      `${key} must be a whole number of at least ${minimum}, but is "${String(value)}"`,
    );
  }
  return number;
}

export const envName = (key: string) =>
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `${key}: must be the name of an environment variable`);

export const httpUrl = (key: string) =>
  z
    .url({
      protocol: /^https?$/,
      error: (issue) =>
        issue.input === undefined
          ? `${key}: required (the tool's base URL)`
          : `${key}: must be an http:// or https:// URL`,
    })
    .transform((url) => url.replace(/\/+$/, ''));

export const durationMs = (key: string, defaultMs: number) =>
  z.number().int().positive(`${key}: must be a positive number of milliseconds`).default(defaultMs);

/** `version` names what a run deployed for the change record (e.g. `${{ inputs.version }}`). */
export const recordedVersion = z.string().min(1, 'version: must not be empty').optional();
