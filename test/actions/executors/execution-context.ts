/** An ExecutionContext for driving one executor in a test, keeping what it logged and linked. */
import type { ExecutionContext, ExecutionOutcome, RunLink } from '../../../src/modules/actions/executor.ts';

export interface RecordedContext<Settings> extends ExecutionContext<Settings> {
  logs: string[];
  links: RunLink[];
  abort(reason?: string): void;
}

export function executionContext<Settings>(
  settings: Settings,
  overrides: Partial<
    Pick<ExecutionContext<Settings>, 'runId' | 'actionId' | 'service' | 'inputs' | 'actor'>
  > = {},
): RecordedContext<Settings> {
  const controller = new AbortController();
  const logs: string[] = [];
  const links: RunLink[] = [];
  return {
    runId: 'run-1',
    actionId: 'rollback',
    service: 'payment',
    inputs: {},
    actor: { name: 'Dana Developer', email: 'dana@shop.example' },
    ...overrides,
    settings,
    logs,
    links,
    log: (line) => logs.push(line),
    link: (link) => links.push(link),
    signal: controller.signal,
    abort: (reason) => controller.abort(reason === undefined ? undefined : new Error(reason)),
    waitForReport: (): Promise<ExecutionOutcome> =>
      Promise.reject(new Error('this executor does not wait for reports')),
  };
}

/** Resolves once the executor logged a line starting with `prefix` (to cancel at a known point). */
export async function logged(
  context: { logs: readonly string[] },
  prefix: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!context.logs.some((line) => line.startsWith(prefix))) {
    if (Date.now() > deadline)
      throw new Error(`the executor never logged "${prefix}…" (logged: ${context.logs.join(' | ')})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
