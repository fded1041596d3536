export {
  createPostgresLeaderElector,
  createSoleLeaderElector,
  type LeaderElector,
  SCHEDULER_LOCK_KEY,
} from './leader-election.ts';
export { createPeriodicScheduler, type PeriodicJob, type PeriodicScheduler } from './periodic-scheduler.ts';
