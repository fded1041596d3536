/** `executor.settings` of an `argocd` action. */
import { z } from 'zod';
import { durationMs, envName, httpUrl, recordedVersion, templatedInteger } from '../shared/settings.ts';

export const ArgoCdSettingsSchema = z
  .object({
    server: httpUrl('server'),
    application: z
      .string({ error: 'application: the Argo CD application name is required' })
      .min(1, 'application: the Argo CD application name is required'),
    appNamespace: z.string().min(1, 'appNamespace: must not be empty').optional(),
    project: z.string().min(1, 'project: must not be empty').optional(),
    operation: z
      .enum(['sync', 'rollback'], { error: 'operation: must be "sync" or "rollback"' })
      .default('sync'),
    revision: z.string().min(1, 'revision: must not be empty').optional(),
    prune: z.boolean({ error: 'prune: must be true or false' }).default(false),
    historyId: z
      .union([z.literal('previous'), templatedInteger('historyId')], {
        error: `historyId: must be a history id, "previous" or an input like \${{ inputs.historyId }}`,
      })
      .optional(),
    tokenEnv: envName('tokenEnv').default('ARGOCD_TOKEN'),
    wait: z.boolean({ error: 'wait: must be true or false' }).default(true),
    pollIntervalMs: durationMs('pollIntervalMs', 5_000),
    waitTimeoutMs: durationMs('waitTimeoutMs', 10 * 60_000),
    version: recordedVersion,
  })
  .superRefine((settings, context) => {
    if (
      settings.operation === 'rollback' &&
      settings.historyId === undefined &&
      settings.revision === undefined
    ) {
      context.addIssue({
        code: 'custom',
        path: ['historyId'],
        message:
          'historyId: required for rollback (a history id, or "previous"), unless revision names the deployed revision to return to',
      });
    }
  });

export type ArgoCdSettings = z.infer<typeof ArgoCdSettingsSchema>;
