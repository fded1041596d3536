/**
 * Tokens never sit in action files (they live in the configuration repository): settings name an
 * environment variable of the Cairn process, and the executor reads it when it runs.
 */
import { ExecutorError } from '../../executor.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The value of `name`, or an ExecutorError saying which variable to set and why. */
export function requireSecret(env: Environment, name: string, purpose: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ExecutorError(`the environment variable ${name} is not set; Cairn needs it for ${purpose}`);
  }
  return value;
}

/** The value of `name` when set and not blank. */
export function optionalSecret(env: Environment, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
