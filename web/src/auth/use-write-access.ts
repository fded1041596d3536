import type { Decision } from '../api/types.ts';
import { useMe } from './me-context.tsx';

/** Whether the signed-in person may do something, and if not, a sentence saying why. */
export interface WriteAccess {
  allowed: boolean;
  /** Shown beside a disabled control; null while who is signed in is still loading. */
  reason: string | null;
}

/**
 * Whether the person may operate at least some services (silence their alerts, acknowledge their
 * incidents), for disabling forms up front rather than failing with a 403 after the click. The
 * server still decides every request, per service, with the same `can`.
 */
export function useWriteAccess(): WriteAccess {
  const me = useMe();
  if (me.status !== 'ok') return { allowed: false, reason: null };
  if (me.data.scope === 'ingest' || me.data.scope === 'read') {
    return {
      allowed: false,
      reason:
        me.data.kind === 'token'
          ? `Needs a token with the operate scope; you are signed in with a ${me.data.scope} token.`
          : `You have the ${me.data.role} role, which may only read.`,
    };
  }
  return { allowed: true, reason: null };
}

/** One of the `can` answers of `/api/v1/me` (configure, audit…), as a WriteAccess. */
export function useCapability(
  capability: 'configure' | 'audit' | 'approve' | 'operateAnyService',
): WriteAccess {
  const me = useMe();
  if (me.status !== 'ok') return { allowed: false, reason: null };
  const decision: Decision = me.data.can[capability];
  return { allowed: decision.allowed, reason: decision.reason };
}
