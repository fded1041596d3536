/** `executor.settings` of a `github-actions` action. */
import { z } from 'zod';
import { durationMs, envName, httpUrl, recordedVersion } from '../shared/settings.ts';

export const GitHubActionsSettingsSchema = z.object({
  apiUrl: httpUrl('apiUrl').default('https://api.github.com'),
  repository: z
    .string({ error: 'repository: "owner/name" of the repository holding the workflow is required' })
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'repository: must be "owner/name"'),
  workflow: z
    .union([z.string().min(1), z.number().int().positive()], {
      error: 'workflow: the workflow file name (deploy.yml) or id is required',
    })
    .transform(String),
  ref: z.string().min(1, 'ref: must not be empty').default('main'),
  inputs: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]), {
      error: 'inputs: must map input names to strings, numbers or booleans',
    })
    .refine((inputs) => Object.keys(inputs).length <= 25, 'inputs: GitHub accepts at most 25 workflow inputs')
    .default({}),
  tokenEnv: envName('tokenEnv').default('GITHUB_TOKEN'),
  wait: z.boolean({ error: 'wait: must be true or false' }).default(true),
  cancelOnAbort: z.boolean({ error: 'cancelOnAbort: must be true or false' }).default(true),
  pollIntervalMs: durationMs('pollIntervalMs', 10_000),
  waitTimeoutMs: durationMs('waitTimeoutMs', 60 * 60_000),
  version: recordedVersion,
});

export type GitHubActionsSettings = z.infer<typeof GitHubActionsSettingsSchema>;
