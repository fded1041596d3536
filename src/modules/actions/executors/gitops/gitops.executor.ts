/**
 * GitOps: change the deployment repository and let the cluster's GitOps controller roll it out.
 * `set-value` writes one value (an image tag, a replica count, any config key) at a YAML path of a
 * Helm values file or kustomization, touching only that value's characters; `revert` reverts a
 * commit. The commit is authored by the person who ran the action and is pushed to the branch, or
 * to a new branch with a GitHub pull request opened for review.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import {
  type ActionExecutor,
  type ExecutionContext,
  type ExecutionOutcome,
  ExecutorError,
} from '../../executor.ts';
import { type Environment, optionalSecret, requireSecret } from '../shared/secrets.ts';
import type { FetchFunction } from '../shared/tool-http.ts';
import {
  commitIdentity,
  GitCommandError,
  type GitWorkspace,
  openGitWorkspace,
  type Person,
} from './git-workspace.ts';
import { openPullRequest } from './github-pull-request.ts';
import {
  type GitOpsSettings,
  GitOpsSettingsSchema,
  githubRepositoryOf,
  webUrlOf,
} from './gitops.settings.ts';
import { setYamlValue, YamlEditError } from './yaml-path.ts';

export interface GitOpsExecutorDeps {
  /** Where `tokenEnv` names are looked up; the process environment by default. */
  env?: Environment;
  fetch?: FetchFunction;
  /**
   * Called after the commit is made and before it is pushed. Tests use it to move the branch in
   * between, which is otherwise a matter of luck; nothing else needs it.
   */
  beforePush?: (attempt: number) => Promise<void>;
}

type Context = ExecutionContext<GitOpsSettings>;

/** What one attempt committed (nothing when the value was already set). */
type Applied =
  | { kind: 'unchanged'; message: string }
  | { kind: 'committed'; summary: string; version?: string };

export function createGitOpsExecutor(
  deps: GitOpsExecutorDeps = {},
): ActionExecutor<typeof GitOpsSettingsSchema> {
  const env = deps.env ?? process.env;
  return {
    kind: 'gitops',
    settingsSchema: GitOpsSettingsSchema,
    async execute(context) {
      const { settings } = context;
      const token = optionalSecret(env, settings.tokenEnv);
      if (settings.tokenEnv && !token)
        requireSecret(env, settings.tokenEnv, `pushing to ${settings.repository}`);
      const prToken =
        settings.mode === 'pull-request'
          ? requireSecret(env, settings.pullRequest.tokenEnv, 'opening the pull request on GitHub')
          : undefined;
      const workspace = await openGitWorkspace({
        url: settings.repository,
        token,
        timeoutMs: settings.gitTimeoutMs,
        signal: context.signal,
      });
      try {
        return await land(context, workspace, prToken, deps);
      } finally {
        await workspace.dispose();
      }
    },
  };
}

async function land(
  context: Context,
  workspace: GitWorkspace,
  prToken: string | undefined,
  deps: GitOpsExecutorDeps,
): Promise<ExecutionOutcome> {
  const { settings } = context;
  const targetBranch =
    settings.mode === 'push'
      ? settings.branch
      : `${settings.pullRequest.branchPrefix}${context.actionId}-${context.runId}`;
  for (let attempt = 1; ; attempt++) {
    const applied = await applyOnFreshCheckout(context, workspace, attempt);
    if (applied.kind === 'unchanged') {
      context.log(applied.message);
      return { outcome: 'succeeded', message: applied.message };
    }
    const commit = (await workspace.git(['rev-parse', 'HEAD'])).trim();
    await deps.beforePush?.(attempt);
    context.log(`Pushing commit ${commit.slice(0, 12)} to ${targetBranch}`);
    try {
      await workspace.git(['push', '--porcelain', 'origin', `HEAD:refs/heads/${targetBranch}`]);
    } catch (error) {
      // A rejected push changed nothing on the remote, so trying again on the new tip is safe;
      // any other push failure may have half-happened and is reported, not retried.
      if (isRaceRejection(error) && settings.mode === 'push' && attempt < settings.pushAttempts) {
        context.log(`${settings.branch} moved while Cairn was committing; starting again from its new tip`);
        continue;
      }
      throw error;
    }
    const webUrl = webUrlOf(settings);
    if (webUrl) context.link({ title: `Commit ${commit.slice(0, 7)}`, url: `${webUrl}/commit/${commit}` });
    const change = { summary: applied.summary, ...(applied.version ? { version: applied.version } : {}) };
    if (settings.mode === 'push') {
      return {
        outcome: 'succeeded',
        message: `Committed ${commit.slice(0, 12)} to ${settings.branch}: ${applied.summary}`,
        // The commit is on the branch the deploy tool follows; a pull request's is not, yet.
        change: { ...change, revision: commit },
      };
    }
    const repository = settings.pullRequest.repository ?? githubRepositoryOf(settings.repository);
    // The settings schema refuses pull-request mode without a repository it can name.
    if (!repository || !prToken)
      throw new ExecutorError('pullRequest.repository is required for pull-request mode');
    const subject = (await workspace.git(['log', '-1', '--format=%s'])).trim();
    context.log(`Opening a pull request on ${repository}: ${targetBranch} → ${settings.branch}`);
    const pullRequest = await openPullRequest(
      {
        apiUrl: settings.pullRequest.apiUrl,
        repository,
        token: prToken,
        title: settings.pullRequest.title ?? subject,
        body: `${applied.summary}\n\nOpened by Cairn for ${context.actor.name} (action \`${context.actionId}\`, run \`${context.runId}\`).`,
        head: targetBranch,
        base: settings.branch,
        draft: settings.pullRequest.draft,
        signal: context.signal,
      },
      deps.fetch,
    );
    context.link({ title: `Pull request #${pullRequest.number}`, url: pullRequest.url });
    context.log(`Opened pull request #${pullRequest.number}: ${pullRequest.url}`);
    return {
      outcome: 'succeeded',
      message: `Opened pull request #${pullRequest.number} (${pullRequest.url}): ${applied.summary}`,
      // The change happens when the pull request merges, not now; the summary says so.
      change: { ...change, summary: `${applied.summary} (pull request #${pullRequest.number})` },
    };
  }
}

async function applyOnFreshCheckout(
  context: Context,
  workspace: GitWorkspace,
  attempt: number,
): Promise<Applied> {
  const { settings } = context;
  if (attempt === 1) {
    context.log(`Cloning ${redact(settings.repository)} (branch ${settings.branch})`);
    await workspace.git(['init', '--quiet']);
    await workspace.git(['remote', 'add', 'origin', settings.repository]);
  }
  // A revert needs the commit's history; setting a value only needs the tip.
  const depth = settings.operation === 'revert' ? [] : ['--depth', '1'];
  try {
    await workspace.git([
      'fetch',
      '--quiet',
      '--no-tags',
      ...depth,
      'origin',
      `refs/heads/${settings.branch}`,
    ]);
  } catch (error) {
    if (error instanceof GitCommandError && /couldn't find remote ref/i.test(error.reason)) {
      throw new ExecutorError(
        `the branch ${settings.branch} does not exist in ${redact(settings.repository)}`,
      );
    }
    throw error;
  }
  await workspace.git(['checkout', '--quiet', '--force', '-B', 'cairn-work', 'FETCH_HEAD']);
  return settings.operation === 'revert' ? revertCommit(context, workspace) : setValue(context, workspace);
}

async function setValue(context: Context, workspace: GitWorkspace): Promise<Applied> {
  const { settings } = context;
  // The schema requires these for set-value.
  const file = settings.file as string;
  const yamlPath = settings.yamlPath as string;
  const value = settings.value as string | number | boolean;
  const path = join(workspace.dir, normalize(file));
  if (!path.startsWith(`${workspace.dir}/`))
    throw new ExecutorError(`file "${file}" is outside the repository`);
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch {
    throw new ExecutorError(`${file} does not exist on ${settings.branch} of ${redact(settings.repository)}`);
  }
  let edit: ReturnType<typeof setYamlValue>;
  try {
    edit = setYamlValue(source, yamlPath, value, {
      valueType: settings.valueType,
      createMissing: settings.createMissing,
    });
  } catch (error) {
    if (error instanceof YamlEditError) throw new ExecutorError(`${file}: ${error.message}`);
    throw error;
  }
  if (!edit.changed) {
    return {
      kind: 'unchanged',
      message: `${yamlPath} in ${file} is already ${String(edit.written)} on ${settings.branch}; nothing to commit`,
    };
  }
  const from = edit.previous === undefined ? '' : ` from ${String(edit.previous)}`;
  context.log(`Setting ${yamlPath} in ${file}${from} to ${String(edit.written)}`);
  await writeFile(path, edit.text);
  await workspace.git(['add', '--', file]);
  const subject =
    settings.commitMessage ??
    `${context.service ?? context.actionId}: set ${yamlPath} to ${String(edit.written)}`;
  await commit(context, workspace, subject);
  const summary = `set ${yamlPath} in ${file}${from} to ${String(edit.written)}`;
  return {
    kind: 'committed',
    summary,
    ...(looksLikeVersion(yamlPath) ? { version: String(edit.written) } : {}),
  };
}

async function revertCommit(context: Context, workspace: GitWorkspace): Promise<Applied> {
  const { settings } = context;
  const target = settings.commit as string;
  let full: string;
  try {
    full = (await workspace.git(['rev-parse', '--verify', '--quiet', `${target}^{commit}`])).trim();
  } catch {
    throw new ExecutorError(`commit ${target} is not in the history of ${settings.branch}`);
  }
  try {
    await workspace.git(['merge-base', '--is-ancestor', full, 'HEAD']);
  } catch {
    throw new ExecutorError(`commit ${target} is not in the history of ${settings.branch}`);
  }
  const original = (await workspace.git(['log', '-1', '--format=%s', full])).trim();
  context.log(`Reverting ${full.slice(0, 12)} "${original}"`);
  try {
    await workspace.git(['revert', '--no-commit', full]);
  } catch (error) {
    const reason = error instanceof GitCommandError ? error.reason : String(error);
    throw new ExecutorError(
      `git cannot revert ${full.slice(0, 12)} on ${settings.branch} cleanly: ${reason}`,
    );
  }
  const staged = (await workspace.git(['diff', '--cached', '--name-only'])).trim();
  if (staged === '') {
    return {
      kind: 'unchanged',
      message: `reverting ${full.slice(0, 12)} changes nothing on ${settings.branch}; nothing to commit`,
    };
  }
  const subject = settings.commitMessage ?? `Revert "${original}"`;
  await commit(context, workspace, subject, `This reverts commit ${full}.`);
  return { kind: 'committed', summary: `reverted ${full.slice(0, 12)} "${original}"` };
}

async function commit(
  context: Context,
  workspace: GitWorkspace,
  subject: string,
  detail?: string,
): Promise<void> {
  const { settings, actor } = context;
  const author: Person = { name: actor.name, email: actor.email ?? settings.committer.email };
  const message = [
    subject,
    '',
    ...(detail ? [detail, ''] : []),
    `Cairn action ${context.actionId}, run ${context.runId}, by ${actor.name}.`,
    '',
    `Cairn-Run: ${context.runId}`,
  ].join('\n');
  await workspace.git(['commit', '--quiet', '-m', message], commitIdentity(author, settings.committer));
}

function isRaceRejection(error: unknown): boolean {
  return (
    error instanceof GitCommandError &&
    /\[rejected\]|fetch first|non-fast-forward|stale info/i.test(error.reason)
  );
}

/** A tag or version key: its value is the version the change record carries. */
function looksLikeVersion(yamlPath: string): boolean {
  return /(^|[.\]])(tag|newTag|version|appVersion|imageTag)$/i.test(yamlPath);
}

/** Never log credentials embedded in a URL. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]+@/, '//***@');
}
