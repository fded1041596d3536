/** `executor.settings` of a `jenkins` action. */
import { z } from 'zod';
import { durationMs, envName, httpUrl, recordedVersion } from '../shared/settings.ts';

export const JenkinsSettingsSchema = z.object({
  server: httpUrl('server'),
  job: z
    .string({ error: 'job: the job name is required (a job in a folder: "folder/job")' })
    .min(1, 'job: the job name is required (a job in a folder: "folder/job")')
    .refine(
      (job) => !job.startsWith('/') && !job.endsWith('/') && !job.includes('//'),
      'job: write a folder job as "folder/job"',
    ),
  parameters: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]), {
      error: 'parameters: must map parameter names to strings, numbers or booleans',
    })
    .default({}),
  user: z
    .string({ error: 'user: the Jenkins user the API token belongs to is required' })
    .min(1, 'user: must not be empty'),
  tokenEnv: envName('tokenEnv').default('JENKINS_API_TOKEN'),
  wait: z.boolean({ error: 'wait: must be true or false' }).default(true),
  cancelOnAbort: z.boolean({ error: 'cancelOnAbort: must be true or false' }).default(true),
  pollIntervalMs: durationMs('pollIntervalMs', 3_000),
  queueTimeoutMs: durationMs('queueTimeoutMs', 10 * 60_000),
  waitTimeoutMs: durationMs('waitTimeoutMs', 60 * 60_000),
  maxLogLines: z.number().int().min(0, 'maxLogLines: must be 0 or more').default(5_000),
  version: recordedVersion,
});

export type JenkinsSettings = z.infer<typeof JenkinsSettingsSchema>;
