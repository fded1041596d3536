import { z } from 'zod';
import { parseOrThrow } from '../../../kernel/validation.ts';
import { change, isoTime, type ParseOutcome, text } from '../change-parser.ts';

/** The annotation an Argo CD application is mapped to its service through. */
export const ARGOCD_APP_ANNOTATION = 'argocd/app-name';

/**
 * The body of the Argo CD notifications template documented in docs/changes.md. Argo CD renders
 * missing values as empty strings, so every field but `app` may be empty.
 */
export const ArgoCdNotificationSchema = z.looseObject({
  app: z.string().trim().min(1, 'must name the Argo CD application'),
  revision: z.string().optional(),
  phase: z
    .string()
    .optional()
    .describe('operationState.phase: Running, Succeeded, Failed, Error, Terminating'),
  health: z.string().optional().describe('health.status: Healthy, Progressing, Degraded, Suspended, Missing'),
  syncStatus: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  environment: z.string().optional(),
  version: z.string().optional(),
  images: z.array(z.string()).nullable().optional(),
  initiatedBy: z.string().optional(),
  automated: z.union([z.boolean(), z.string()]).optional(),
  message: z.string().optional(),
  url: z.string().optional(),
  repoURL: z.string().optional(),
});

const RUNNING = new Set(['Running', 'Terminating']);

/**
 * An Argo CD sync operation that ended is a deploy: Succeeded (and not Degraded) succeeded;
 * Failed, Error, or Succeeded-but-Degraded failed. A running operation is not recorded yet.
 * The natural key (app, revision, operation start) makes the notification idempotent.
 */
export function parseArgoCdNotification(payload: unknown): ParseOutcome {
  const body = parseOrThrow(ArgoCdNotificationSchema, payload, 'body');
  const phase = text(body.phase);
  if (!phase) return { ignored: 'no operation phase: the notification is not about a sync operation' };
  if (RUNNING.has(phase)) return { ignored: `sync operation of ${body.app} is still ${phase}` };
  const health = text(body.health);
  const status =
    phase === 'Succeeded'
      ? health === 'Degraded'
        ? 'failed'
        : 'succeeded'
      : phase === 'Failed' || phase === 'Error'
        ? 'failed'
        : null;
  if (!status) return { ignored: `operation phase "${phase}" is not one Cairn knows` };
  const revision = text(body.revision);
  const startedAt = isoTime(text(body.startedAt));
  const initiatedBy = text(body.initiatedBy);
  const details = [`Argo CD sync ${phase}`, health ? `health ${health}` : null, text(body.message)].filter(
    Boolean,
  );
  return change({
    source: 'argocd',
    idempotencyKey: `${body.app}@${revision ?? '-'}@${startedAt ?? text(body.finishedAt) ?? '-'}`,
    target: { by: 'annotation', annotation: ARGOCD_APP_ANNOTATION, value: body.app },
    environment: text(body.environment) ?? 'production',
    kind: 'deploy',
    version: text(body.version) ?? imageTag(body.images ?? []),
    revision,
    author:
      initiatedBy ?? (body.automated === true || body.automated === 'true' ? 'argocd (automated)' : null),
    status,
    startedAt,
    finishedAt: isoTime(text(body.finishedAt)),
    url: text(body.url),
    description: details.join('; '),
  });
}

/** The tag of the first image (`registry/app:1.4.2` → `1.4.2`), the usual meaning of "version". */
function imageTag(images: string[]): string | null {
  const first = images[0];
  if (!first) return null;
  const match = /:([^:/@]+)(@sha256:[0-9a-f]+)?$/.exec(first);
  return match?.[1] ?? null;
}
