/** `executor.settings` of a `kubernetes` action. */
import { z } from 'zod';
import { durationMs, recordedVersion, templatedInteger } from '../shared/settings.ts';

export const KubernetesSettingsSchema = z
  .object({
    kubeconfig: z.string().min(1, 'kubeconfig: must be a file path').optional(),
    context: z.string().min(1, 'context: must not be empty').optional(),
    namespace: z
      .string({ error: 'namespace: the Deployment’s namespace is required' })
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace: must be a Kubernetes namespace name'),
    deployment: z
      .string({ error: 'deployment: the Deployment’s name is required' })
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'deployment: must be a Kubernetes object name'),
    operation: z.enum(['scale', 'restart', 'rollback', 'set-image'], {
      error: 'operation: must be scale, restart, rollback or set-image',
    }),
    replicas: templatedInteger('replicas').optional(),
    revision: z.union([z.literal('previous'), templatedInteger('revision', 1)]).default('previous'),
    container: z.string().min(1, 'container: must not be empty').optional(),
    image: z.string().min(1, 'image: must not be empty').optional(),
    tag: z.string().min(1, 'tag: must not be empty').optional(),
    wait: z.boolean({ error: 'wait: must be true or false' }).default(true),
    pollIntervalMs: durationMs('pollIntervalMs', 2_000),
    waitTimeoutMs: durationMs('waitTimeoutMs', 10 * 60_000),
    fieldManager: z.string().min(1).max(128).default('cairn'),
    dashboardUrl: z
      .url({ error: 'dashboardUrl: must be a URL (the Deployment’s page in your cluster console)' })
      .optional(),
    version: recordedVersion,
  })
  .superRefine((settings, context) => {
    if (settings.operation === 'scale' && settings.replicas === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['replicas'],
        message: 'replicas: required when operation is scale',
      });
    }
    if (
      settings.operation === 'set-image' &&
      (settings.image === undefined) === (settings.tag === undefined)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['image'],
        message:
          'image or tag: set-image needs exactly one (a whole image reference, or a tag for the current image)',
      });
    }
  });

export type KubernetesSettings = z.infer<typeof KubernetesSettingsSchema>;
