import type { Scope } from '../../api/types.ts';

/** What each scope lets a token do; scopes form a ladder (each includes the ones before it). */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  ingest: 'send telemetry, alerts and changes',
  read: 'view everything',
  write: 'view and act: acknowledge, resolve, run actions',
  admin: 'everything, including tokens and settings',
};
