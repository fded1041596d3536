import { z } from 'zod';
import { parseOrThrow } from '../../../kernel/validation.ts';
import { change, isoTime, type ParseOutcome, text } from '../change-parser.ts';

/** The annotation a repository is mapped to its service through. */
export const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';

/** A GitHub webhook delivery after its signature was checked. */
export interface GithubDelivery {
  event: string;
  deliveryId: string;
  payload: unknown;
}

const nullableText = z.string().nullable().optional();
const Repository = z.looseObject({
  full_name: z.string().min(1),
  html_url: z.string().optional(),
  default_branch: z.string().optional(),
});
const User = z.looseObject({ login: z.string() }).nullable().optional();

const Deployment = z.looseObject({
  id: z.number(),
  sha: z.string().min(1),
  ref: z.string(),
  task: z.string().optional(),
  environment: z.string().min(1),
  description: nullableText,
  created_at: z.string(),
  creator: User,
  payload: z.unknown().optional(),
});

const DeploymentStatusPayload = z.looseObject({
  deployment_status: z.looseObject({
    id: z.number().optional(),
    state: z.string(),
    created_at: z.string(),
    target_url: nullableText,
    log_url: nullableText,
    description: nullableText,
  }),
  deployment: Deployment,
  repository: Repository,
});

const WorkflowRunPayload = z.looseObject({
  action: z.string(),
  workflow_run: z.looseObject({
    id: z.number(),
    name: nullableText,
    path: z.string().optional(),
    status: nullableText,
    conclusion: nullableText,
    head_branch: nullableText,
    head_sha: z.string().min(1),
    html_url: z.string().optional(),
    run_started_at: nullableText,
    updated_at: nullableText,
    actor: User,
    head_commit: z
      .looseObject({ id: z.string(), timestamp: z.string(), message: z.string().optional() })
      .nullable()
      .optional(),
  }),
  workflow: z.looseObject({ name: z.string().optional(), path: z.string().optional() }).nullable().optional(),
  repository: Repository,
});

const PushCommit = z.looseObject({
  id: z.string(),
  timestamp: z.string(),
  message: z.string().optional(),
  author: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
const PushPayload = z.looseObject({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  created: z.boolean().optional(),
  deleted: z.boolean().optional(),
  compare: z.string().optional(),
  commits: z.array(PushCommit).default([]),
  head_commit: PushCommit.nullable().optional(),
  pusher: z.looseObject({ name: z.string().optional() }).optional(),
  repository: Repository,
});

const ReleasePayload = z.looseObject({
  action: z.string(),
  release: z.looseObject({
    id: z.number().optional(),
    tag_name: z.string().min(1),
    name: nullableText,
    target_commitish: z.string().optional(),
    draft: z.boolean(),
    prerelease: z.boolean(),
    created_at: nullableText,
    published_at: nullableText,
    html_url: z.string().optional(),
    body: nullableText,
    author: User,
  }),
  repository: Repository,
});

const FINAL_DEPLOYMENT_STATES: Record<string, 'succeeded' | 'failed'> = {
  success: 'succeeded',
  failure: 'failed',
  error: 'failed',
};
const DEPLOY_WORKFLOW = /deploy|release|rollback|rollout/i;
const SHA = /^[0-9a-f]{40}$/i;
/** What GitHub sends as `before` when a push creates the branch: no commit before. */
const NO_COMMIT = /^0+$/;

/**
 * Keys named after what GitHub identifies (a status, a release, a branch head) rather than the
 * delivery: a redelivery and `cairn import github` of the same object record it once.
 */
const keys = {
  status: (repo: string, id: number | undefined, deliveryId: string) =>
    id === undefined ? deliveryId : `deployment_status:${repo}:${id}`,
  release: (repo: string, id: number | undefined, deliveryId: string) =>
    id === undefined ? deliveryId : `release:${repo}:${id}`,
  push: (repo: string, after: string) => `push:${repo}:${after}`,
};

const target = (repository: { full_name: string }) =>
  ({ by: 'annotation', annotation: GITHUB_SLUG_ANNOTATION, value: repository.full_name }) as const;

/** Rollbacks are deployments whose task or description says so (`task: deploy:rollback`). */
const kindOf = (...hints: Array<string | null | undefined>) =>
  hints.some((hint) => hint && /rollback|roll back/i.test(hint))
    ? ('rollback' as const)
    : ('deploy' as const);

/**
 * One entry per GitHub event Cairn records; the rules are in docs/changes.md. Each returns a
 * change or the reason the delivery is not one. A payload missing a field it needs is a 400.
 */
export const githubEventParsers: Record<string, (delivery: GithubDelivery) => ParseOutcome> = {
  deployment: () => ({
    ignored:
      'a deployment is recorded from its deployment_status once it succeeds, fails or errors, so one deploy is one change',
  }),

  deployment_status: ({ deliveryId, payload }) => {
    const body = parseOrThrow(DeploymentStatusPayload, payload, 'body');
    const { deployment, deployment_status: status, repository } = body;
    const final = FINAL_DEPLOYMENT_STATES[status.state];
    if (!final) {
      return {
        ignored: `deployment_status state "${status.state}" is not final; Cairn records success, failure and error`,
      };
    }
    const version =
      versionFromPayload(deployment.payload) ?? (SHA.test(deployment.ref) ? null : deployment.ref);
    return change({
      source: 'github',
      idempotencyKey: keys.status(repository.full_name, status.id, deliveryId),
      target: target(repository),
      environment: deployment.environment,
      kind: kindOf(deployment.task, deployment.description),
      version,
      previousVersion: previousVersionFromPayload(deployment.payload),
      revision: deployment.sha,
      author: deployment.creator?.login ?? null,
      status: final,
      startedAt: isoTime(deployment.created_at),
      finishedAt: isoTime(status.created_at),
      url:
        text(status.target_url) ??
        text(status.log_url) ??
        (repository.html_url ? `${repository.html_url}/commit/${deployment.sha}` : null),
      description: text(status.description) ?? text(deployment.description),
    });
  },

  workflow_run: ({ deliveryId, payload }) => {
    const body = parseOrThrow(WorkflowRunPayload, payload, 'body');
    const run = body.workflow_run;
    if (body.action !== 'completed') {
      return { ignored: `workflow_run action "${body.action}": only completed runs are recorded` };
    }
    if (run.status !== 'completed' || !run.conclusion) {
      return { ignored: `workflow run is not finished (status "${run.status ?? 'unknown'}", no conclusion)` };
    }
    const name = text(run.name) ?? text(body.workflow?.name) ?? run.path ?? '';
    const path = run.path ?? body.workflow?.path ?? '';
    if (!DEPLOY_WORKFLOW.test(`${name} ${path}`)) {
      return {
        ignored: `workflow "${name}" (${path || 'no path'}) is not a deployment: its name or file must contain deploy, release, rollback or rollout`,
      };
    }
    const status =
      run.conclusion === 'success'
        ? 'succeeded'
        : run.conclusion === 'cancelled'
          ? 'cancelled'
          : run.conclusion === 'failure' || run.conclusion === 'timed_out'
            ? 'failed'
            : null;
    if (!status)
      return { ignored: `workflow run conclusion "${run.conclusion}" is neither a success nor a failure` };
    return change({
      source: 'github',
      idempotencyKey: deliveryId,
      target: target(body.repository),
      kind: kindOf(name, path),
      revision: run.head_sha,
      commits: run.head_commit
        ? [
            {
              sha: run.head_commit.id,
              at: isoTime(run.head_commit.timestamp),
              message: run.head_commit.message ?? null,
              author: null,
            },
          ]
        : [],
      author: run.actor?.login ?? null,
      status,
      startedAt: isoTime(run.run_started_at),
      finishedAt: isoTime(run.updated_at),
      url: run.html_url ?? null,
      description: `workflow ${name}`,
    });
  },

  push: ({ payload }) => {
    const body = parseOrThrow(PushPayload, payload, 'body');
    if (body.ref.startsWith('refs/tags/')) {
      return { ignored: `push of tag ${body.ref.slice(10)}: tags are recorded through release events` };
    }
    const branch = body.ref.replace(/^refs\/heads\//, '');
    if (body.deleted) return { ignored: `push deleted branch ${branch}` };
    const defaultBranch = body.repository.default_branch;
    if (branch !== defaultBranch) {
      return { ignored: `push to ${branch}, not the default branch ${defaultBranch ?? '(unknown)'}` };
    }
    const commits = body.commits.length > 0 ? body.commits : body.head_commit ? [body.head_commit] : [];
    const head = body.head_commit ?? commits.at(-1);
    // The pushed commits in order, each after the one before it; the first after `before`.
    const before = NO_COMMIT.test(body.before) ? null : body.before;
    return change({
      source: 'github',
      idempotencyKey: keys.push(body.repository.full_name, body.after),
      target: target(body.repository),
      environment: branch,
      kind: 'push',
      revision: body.after,
      commits: commits.map((commit, index) => ({
        sha: commit.id,
        at: isoTime(commit.timestamp),
        message: commit.message ?? null,
        author: commit.author?.username ?? commit.author?.name ?? null,
        parent: index === 0 ? before : (commits[index - 1]?.id ?? null),
      })),
      author: body.pusher?.name ?? null,
      status: 'succeeded',
      startedAt: isoTime(head?.timestamp),
      finishedAt: isoTime(head?.timestamp),
      url: body.compare ?? null,
      description: `push to ${branch} (${commits.length} commit${commits.length === 1 ? '' : 's'})`,
    });
  },

  release: ({ deliveryId, payload }) => {
    const body = parseOrThrow(ReleasePayload, payload, 'body');
    const release = body.release;
    if (body.action !== 'published') {
      return { ignored: `release action "${body.action}": only published releases are recorded` };
    }
    if (release.draft) return { ignored: `release ${release.tag_name} is a draft` };
    if (release.prerelease) return { ignored: `release ${release.tag_name} is a prerelease` };
    const commitish = release.target_commitish ?? '';
    return change({
      source: 'github',
      idempotencyKey: keys.release(body.repository.full_name, release.id, deliveryId),
      target: target(body.repository),
      kind: 'deploy',
      version: release.tag_name,
      revision: SHA.test(commitish) ? commitish : null,
      author: release.author?.login ?? null,
      status: 'succeeded',
      startedAt: isoTime(release.created_at),
      finishedAt: isoTime(release.published_at),
      url: release.html_url ?? null,
      description: text(release.name) ? `release ${release.name}` : `release ${release.tag_name}`,
    });
  },
};

/** Parses one verified delivery; events without an entry are acknowledged and ignored. */
export function parseGithubDelivery(delivery: GithubDelivery): ParseOutcome {
  const parse = githubEventParsers[delivery.event];
  if (!parse) return { ignored: `event "${delivery.event}" is not one Cairn records` };
  return parse(delivery);
}

/** A deployment's version: `payload.version` when the deployer put one there. */
function versionFromPayload(payload: unknown): string | null {
  return payloadText(payload, 'version');
}

/** The version a deployment replaces, when the deployer says (`payload.previous_version`). */
function previousVersionFromPayload(payload: unknown): string | null {
  return payloadText(payload, 'previous_version') ?? payloadText(payload, 'previousVersion');
}

function payloadText(payload: unknown, key: string): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  // A non-null object; reading one key of unknown type is safe.
  const value = (payload as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() ? value : null;
}
