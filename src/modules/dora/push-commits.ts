import type { Change } from '../changes/index.ts';

/** Most commits one deployment takes from pushes: a runaway walk stops here. */
const MAX_COMMITS = 1000;

interface PushedCommit {
  sha: string;
  atMs: number | null;
  parent: string | null;
  /** The push (change id) that brought it, for a first deployment. */
  pushId: string;
}

/**
 * The commits a deployment without `commits` of its own shipped, read from the pushes of its
 * service: walking first parents back from the deployment's revision to the previous deployment's.
 *
 * - The walk stops at the previous deployment's revision or any commit before it on the branch, so
 *   redeploying an older revision (a rollback) ships no commit.
 * - When the pushes never reached the previous revision, it stops at commits made before the
 *   previous deployment took effect.
 * - The first deployment Cairn knows of takes only the commits of the push that brought its revision.
 * - A revision no recorded push contains gives no commits: no lead time is made up.
 *
 * Returns commit times (epoch ms) by deployment change id; deployments are the service's succeeded
 * deploys and rollbacks, any order.
 */
export function commitTimesFromPushes(
  deployments: readonly Change[],
  pushes: readonly Change[],
): Map<string, number[]> {
  const commitsByService = indexPushedCommits(pushes);
  const ordered = [...deployments].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const result = new Map<string, number[]>();
  ordered.forEach((deployment, index) => {
    if (deployment.commits.length > 0 || !deployment.revision || deployment.service === null) return;
    const commits = commitsByService.get(deployment.service);
    const head = commits?.get(deployment.revision);
    if (!commits || !head) return;
    const previous = ordered
      .slice(0, index)
      .findLast(
        (d) => d.service === deployment.service && d.environment === deployment.environment && d.revision,
      );
    const stopAt = previous?.revision ? ancestorsOf(previous.revision, commits) : new Set<string>();
    const previousAtMs = previous ? Date.parse(previous.at) : null;
    const times: number[] = [];
    let sha: string | null = deployment.revision;
    let steps = 0;
    while (sha !== null && steps < MAX_COMMITS) {
      steps += 1;
      const commit = commits.get(sha);
      if (!commit || stopAt.has(sha)) break;
      if (!previous && commit.pushId !== head.pushId) break;
      if (previous && !commits.has(previous.revision ?? '') && previousAtMs !== null) {
        if (commit.atMs !== null && commit.atMs <= previousAtMs) break;
      }
      if (commit.atMs !== null) times.push(commit.atMs);
      sha = commit.parent;
    }
    result.set(deployment.id, times);
  });
  return result;
}

/** Pushed commits by service, then by sha (a commit pushed twice, or imported too, is one). */
function indexPushedCommits(pushes: readonly Change[]): Map<string, Map<string, PushedCommit>> {
  const byService = new Map<string, Map<string, PushedCommit>>();
  const oldestFirst = [...pushes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const push of oldestFirst) {
    if (push.service === null) continue;
    const commits = byService.get(push.service) ?? new Map<string, PushedCommit>();
    byService.set(push.service, commits);
    for (const commit of push.commits) {
      if (commits.has(commit.sha)) continue;
      commits.set(commit.sha, {
        sha: commit.sha,
        atMs: commit.at ? Date.parse(commit.at) : null,
        parent: commit.parent ?? null,
        pushId: push.id,
      });
    }
  }
  return byService;
}

/** The revision and every commit before it that the pushes know of. */
function ancestorsOf(revision: string, commits: ReadonlyMap<string, PushedCommit>): Set<string> {
  const seen = new Set<string>();
  let sha: string | null = revision;
  while (sha !== null && !seen.has(sha) && seen.size < MAX_COMMITS * 10) {
    seen.add(sha);
    sha = commits.get(sha)?.parent ?? null;
  }
  return seen;
}
