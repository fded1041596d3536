import { SCOPES, type Scope } from '../api/types.ts';
import { useMe } from './me-context.tsx';

/** Whether the signed-in token may change things, and if not, a sentence saying why. */
export interface WriteAccess {
  allowed: boolean;
  /** Shown beside a disabled control; null while the token's scope is still loading. */
  reason: string | null;
}

/** Scopes form a ladder (ingest < read < operate < admin), as on the server. */
function atLeast(granted: Scope, required: Scope): boolean {
  return SCOPES.indexOf(granted) >= SCOPES.indexOf(required);
}

/**
 * Write access of the signed-in token, for disabling buttons up front rather than failing with a
 * 403 after the click. The server still checks every request.
 */
export function useWriteAccess(): WriteAccess {
  const me = useMe();
  if (me.status !== 'ok') return { allowed: false, reason: null };
  if (atLeast(me.data.scope, 'operate')) return { allowed: true, reason: null };
  return {
    allowed: false,
    reason: `Needs a token with the operate scope; you are signed in with a ${me.data.scope} token.`,
  };
}
