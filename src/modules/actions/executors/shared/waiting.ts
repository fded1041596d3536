/** Waiting for a tool, stopped by the run's AbortSignal (cancel or the action's timeout). */
import { ExecutorError } from '../../executor.ts';

/** Resolves after `durationMs`, or rejects as soon as `signal` fires. */
export function sleep(durationMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortedError(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, durationMs);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error a cancelled or timed-out run ends with, saying what was interrupted. */
export function abortedError(signal: AbortSignal, doing?: string): ExecutorError {
  const reason =
    signal.reason instanceof Error ? signal.reason.message : signal.reason ? String(signal.reason) : '';
  return new ExecutorError(
    `stopped${doing ? ` while ${doing}` : ''}: ${reason && reason !== 'This operation was aborted' ? reason : 'the run was cancelled or timed out'}`,
  );
}

export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** Words for messages: "Argo CD application payment to be Synced and Healthy". */
  waitingFor: string;
}

/**
 * Calls `check` until it returns a value (not undefined), every `intervalMs`, failing after
 * `timeoutMs` with the last state `describe` gave, or when the signal fires.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: PollOptions & { describeLast?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal.aborted) throw abortedError(options.signal, `waiting for ${options.waitingFor}`);
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() + options.intervalMs > deadline) {
      const last = options.describeLast?.();
      throw new ExecutorError(
        `gave up waiting for ${options.waitingFor} after ${formatDuration(options.timeoutMs)}${last ? ` (last seen: ${last})` : ''}`,
      );
    }
    try {
      await sleep(options.intervalMs, options.signal);
    } catch {
      throw abortedError(options.signal, `waiting for ${options.waitingFor}`);
    }
  }
}

/** "750 ms", "45 s", "10 min": how long a wait lasted, in words a person reads at a glance. */
export function formatDuration(durationMs: number): string {
  if (durationMs < 1_000) return `${durationMs} ms`;
  if (durationMs < 120_000) return `${Math.round(durationMs / 1_000)} s`;
  return `${Math.round(durationMs / 60_000)} min`;
}
