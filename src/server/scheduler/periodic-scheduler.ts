import type { Logger } from '../../kernel/logger.ts';
import type { LeaderElector } from './leader-election.ts';

/** A job run every `intervalMs` on the leader; runs of one job never overlap. */
export interface PeriodicJob {
  name: string;
  intervalMs: number;
  run(): Promise<void>;
}

export interface PeriodicScheduler {
  add(job: PeriodicJob): void;
  start(): Promise<void>;
  /** Stops the timers, waits for running jobs, gives up leadership. */
  stop(): Promise<void>;
  /** Runs every job once now (when leading), awaiting them; for tests and `cairn` admin paths. */
  runAllNow(): Promise<void>;
}

/** Runs periodic jobs only while `elector` says this replica leads. */
export function createPeriodicScheduler(deps: { elector: LeaderElector; logger: Logger }): PeriodicScheduler {
  const jobs: PeriodicJob[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  let started = false;

  const runOnce = (job: PeriodicJob): Promise<void> => {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    if (!deps.elector.isLeader()) return Promise.resolve();
    const started = Date.now();
    // Confirmed with the store just before running: a leader whose session was cut, or that a
    // newer leader replaced, skips the job instead of acting on a stale belief.
    const run = deps.elector
      .confirmLeadership()
      .then((leading) => (leading ? job.run() : undefined))
      .catch((error: unknown) => deps.logger.error({ err: error, job: job.name }, 'scheduled job failed'))
      .then(() => deps.logger.debug({ job: job.name, ms: Date.now() - started }, 'scheduled job ran'))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  };

  const arm = (job: PeriodicJob) => {
    if (!started) return;
    timers.set(
      job.name,
      setTimeout(() => {
        void runOnce(job).finally(() => arm(job));
      }, job.intervalMs),
    );
  };

  return {
    add(job) {
      jobs.push(job);
      arm(job);
    },
    async start() {
      if (started) return;
      await deps.elector.start();
      started = true;
      for (const job of jobs) arm(job);
    },
    async stop() {
      started = false;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all(running.values());
      await deps.elector.stop();
    },
    async runAllNow() {
      await Promise.all(jobs.map(runOnce));
    },
  };
}
