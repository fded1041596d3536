export type { StateDatabase } from './schema.ts';
export {
  migrateStateStore,
  openStateStore,
  redactUrl,
  type StateStore,
  type StateStoreOptions,
} from './state-store.ts';
