/**
 * Jenkins: queue a build of a job with parameters, wait for the queue to hand it an executor, then
 * stream its console log into the run's log until the build ends. SUCCESS succeeds; any other
 * result fails with the result, the build link and the last error line of the log. A cancelled
 * Cairn run stops the build (or takes it off the queue).
 */
import { type ActionExecutor, type ExecutionContext, ExecutorError } from '../../executor.ts';
import { type Environment, requireSecret } from '../shared/secrets.ts';
import type { FetchFunction } from '../shared/tool-http.ts';
import { abortedError, pollUntil } from '../shared/waiting.ts';
import { type Build, createJenkinsClient, type JenkinsClient } from './jenkins.api.ts';
import { type JenkinsSettings, JenkinsSettingsSchema } from './jenkins.settings.ts';

export interface JenkinsExecutorDeps {
  env?: Environment;
  fetch?: FetchFunction;
}

type Context = ExecutionContext<JenkinsSettings>;

const CANCEL_TIMEOUT_MS = 10_000;
const ERROR_LINE = /error|exception|failed|fatal/i;

export function createJenkinsExecutor(
  deps: JenkinsExecutorDeps = {},
): ActionExecutor<typeof JenkinsSettingsSchema> {
  const env = deps.env ?? process.env;
  return {
    kind: 'jenkins',
    settingsSchema: JenkinsSettingsSchema,
    async execute(context) {
      const { settings } = context;
      const client = createJenkinsClient({
        server: settings.server,
        user: settings.user,
        token: requireSecret(env, settings.tokenEnv, `starting Jenkins builds as ${settings.user}`),
        fetch: deps.fetch,
      });
      const names = Object.entries(settings.parameters).map(([name, value]) => `${name}=${String(value)}`);
      context.log(
        `Queueing a build of ${settings.job}${names.length > 0 ? ` with ${names.join(', ')}` : ''}`,
      );
      const queueUrl = await client.queueBuild(settings.job, settings.parameters, context.signal);
      context.log(`Queued: ${queueUrl}`);
      const version = settings.version ? { version: settings.version } : {};
      if (!settings.wait) {
        return {
          outcome: 'succeeded',
          message: `Queued a build of ${settings.job}`,
          change: { summary: `built ${settings.job}`, ...version },
        };
      }
      const buildUrl = await waitForExecutor(context, client, queueUrl);
      const build = await followBuild(context, client, buildUrl);
      const summary = `built ${settings.job} #${build.number ?? '?'}`;
      if (build.result !== 'SUCCESS') {
        throw new ExecutorError(
          `Jenkins build #${build.number ?? '?'} of ${settings.job} ended ${build.result ?? 'without a result'}` +
            (build.errorLine ? `: "${build.errorLine}"` : '') +
            ` — ${buildUrl}`,
        );
      }
      return {
        outcome: 'succeeded',
        message: `Jenkins build #${build.number ?? '?'} of ${settings.job} succeeded`,
        change: { summary, ...version },
      };
    },
  };
}

async function waitForExecutor(context: Context, client: JenkinsClient, queueUrl: string): Promise<string> {
  const { settings } = context;
  let why = '';
  let queueId: number | undefined;
  try {
    return await pollUntil(
      async () => {
        const item = await client.getQueueItem(queueUrl, context.signal);
        queueId = item.id ?? queueId;
        if (item.cancelled)
          throw new ExecutorError(
            `Jenkins cancelled the queued build of ${settings.job}${why ? ` (it was: ${why})` : ''}`,
          );
        const url = item.executable?.url;
        if (url) {
          const buildUrl = client.absolute(url);
          context.link({
            title: `Jenkins ${settings.job} #${item.executable?.number ?? ''}`.trim(),
            url: buildUrl,
          });
          context.log(`Build #${item.executable?.number ?? '?'} started: ${buildUrl}`);
          return buildUrl;
        }
        if (item.why && item.why !== why) {
          why = item.why;
          context.log(`Waiting in the queue: ${why}`);
        }
        return undefined;
      },
      {
        intervalMs: settings.pollIntervalMs,
        timeoutMs: settings.queueTimeoutMs,
        signal: context.signal,
        waitingFor: `Jenkins to start the build of ${settings.job}`,
        describeLast: () => why,
      },
    );
  } catch (error) {
    if (context.signal.aborted && settings.cancelOnAbort && queueId !== undefined) {
      const id = queueId;
      await quietly(context, `take the build of ${settings.job} off the queue`, () =>
        client.cancelQueueItem(id, AbortSignal.timeout(CANCEL_TIMEOUT_MS)),
      );
      throw abortedError(context.signal, `waiting for Jenkins to start the build of ${settings.job}`);
    }
    throw error;
  }
}

/** Streams the console log (whole lines) until Jenkins says it is complete and the build is over. */
async function followBuild(
  context: Context,
  client: JenkinsClient,
  buildUrl: string,
): Promise<Build & { errorLine?: string }> {
  const { settings } = context;
  let offset = 0;
  let partial = '';
  let logged = 0;
  let lastErrorLine: string | undefined;
  const emit = (line: string) => {
    if (ERROR_LINE.test(line) && !/^Finished:/.test(line)) lastErrorLine = line.trim();
    if (logged < settings.maxLogLines) context.log(line);
    else if (logged === settings.maxLogLines)
      context.log(`… (the rest of the log is in Jenkins: ${buildUrl}console)`);
    logged += 1;
  };
  try {
    const build = await pollUntil(
      async () => {
        const chunk = await client.readLog(buildUrl, offset, context.signal);
        offset = chunk.next;
        const lines = (partial + chunk.text).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) emit(line);
        if (chunk.more) return undefined;
        const state = await client.getBuild(buildUrl, context.signal);
        if (state.building !== false) return undefined;
        if (partial !== '') emit(partial);
        partial = '';
        return state;
      },
      {
        intervalMs: settings.pollIntervalMs,
        timeoutMs: settings.waitTimeoutMs,
        signal: context.signal,
        waitingFor: `Jenkins build ${buildUrl} to finish`,
      },
    );
    return { ...build, ...(lastErrorLine ? { errorLine: lastErrorLine } : {}) };
  } catch (error) {
    if (context.signal.aborted && settings.cancelOnAbort) {
      await quietly(context, `stop ${buildUrl}`, () =>
        client.stopBuild(buildUrl, AbortSignal.timeout(CANCEL_TIMEOUT_MS)),
      );
      throw abortedError(context.signal, `following Jenkins build ${buildUrl}`);
    }
    throw error;
  }
}

async function quietly(context: Context, what: string, call: () => Promise<void>): Promise<void> {
  try {
    await call();
    context.log(`Asked Jenkins to ${what}`);
  } catch (error) {
    context.log(`Could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
