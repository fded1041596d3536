export { FencedOutError, type LeadershipToken, writeAsLeader } from './leadership-fence.ts';
export type { StateDatabase } from './schema.ts';
export {
  migrateStateStore,
  openStateStore,
  redactUrl,
  type StateStore,
  type StateStoreOptions,
} from './state-store.ts';
