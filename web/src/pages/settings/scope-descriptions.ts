import type { Scope } from '../../api/types.ts';

/** What each scope lets a token do; scopes form a ladder (each includes the ones before it). */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  ingest: 'send telemetry, alerts and changes',
  read: 'view everything',
  operate: 'view and operate services: silence, acknowledge, resolve, run actions (within the owner’s teams)',
  admin: 'everything, including tokens and settings',
};
