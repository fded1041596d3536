import { z } from 'zod';
import { parseOrThrow } from '../../../kernel/validation.ts';
import { change, isoTime, type ParseOutcome, text } from '../change-parser.ts';

/** The annotation a Jenkins job is mapped to its service through. */
export const JENKINS_JOB_ANNOTATION = 'jenkins.io/job-full-name';

/** What the Jenkins Notification plugin posts (JSON format). */
export const JenkinsNotificationSchema = z.looseObject({
  name: z.string().min(1),
  display_name: z.string().optional(),
  url: z.string().optional().describe('job/<folder>/job/<name>/'),
  build: z.looseObject({
    number: z.number().int(),
    phase: z.string().min(1),
    status: z.string().optional(),
    full_url: z.string().optional(),
    url: z.string().optional(),
    timestamp: z.number().optional(),
    duration: z.number().optional(),
    scm: z
      .looseObject({
        url: z.string().optional(),
        branch: z.string().optional(),
        commit: z.string().optional(),
        culprits: z.array(z.string()).optional(),
      })
      .optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    notes: z.string().optional(),
  }),
});

const STATUS: Record<string, 'succeeded' | 'failed' | 'cancelled'> = {
  SUCCESS: 'succeeded',
  FAILURE: 'failed',
  UNSTABLE: 'failed',
  ABORTED: 'cancelled',
};

/**
 * A finished Jenkins build is a deploy of the job's service. Only the FINALIZED phase is recorded
 * (COMPLETED precedes it for the same build; QUEUED and STARTED are not finished). The natural
 * key is the job's full name and build number.
 */
export function parseJenkinsNotification(payload: unknown): ParseOutcome {
  const body = parseOrThrow(JenkinsNotificationSchema, payload, 'body');
  const { build } = body;
  if (build.phase !== 'FINALIZED') {
    return { ignored: `build phase ${build.phase}: only FINALIZED builds are recorded` };
  }
  const status = STATUS[build.status ?? ''];
  if (!status) return { ignored: `build status ${build.status ?? '(none)'} is not a finished deploy` };
  const job = jobFullName(body.url) ?? body.name;
  const parameter = (...names: string[]) => {
    for (const name of names) {
      const value = build.parameters?.[name];
      if (typeof value === 'string' && value.trim()) return value;
    }
    return null;
  };
  const startedAt = build.timestamp === undefined ? null : isoTime(build.timestamp);
  const finishedAt =
    build.timestamp !== undefined && build.duration !== undefined && build.duration > 0
      ? isoTime(build.timestamp + build.duration)
      : null;
  return change({
    source: 'jenkins',
    idempotencyKey: `${job}#${build.number}`,
    target: { by: 'annotation', annotation: JENKINS_JOB_ANNOTATION, value: job },
    environment: parameter('ENVIRONMENT', 'environment', 'ENV', 'env') ?? 'production',
    kind: /rollback/i.test(job) ? 'rollback' : 'deploy',
    version: parameter('VERSION', 'version', 'IMAGE_TAG', 'TAG'),
    revision: text(build.scm?.commit),
    author: build.scm?.culprits?.[0] ?? null,
    status,
    startedAt,
    finishedAt,
    url: text(build.full_url),
    description: `${job} #${build.number} ${build.status ?? ''}`.trim(),
  });
}

/** `job/platform/job/cart-deploy/` → `platform/cart-deploy`, Jenkins' full name of a job in folders. */
export function jobFullName(url: string | undefined): string | null {
  if (!url) return null;
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  const names = [...path.matchAll(/(?:^|\/)job\/([^/]+)/g)].map((match) =>
    decodeURIComponent(match[1] ?? ''),
  );
  return names.length > 0 ? names.join('/') : null;
}
