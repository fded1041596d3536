import { useApiQuery } from '../api/queries.ts';
import type { PermissionAnswer } from '../api/types.ts';
import { withQuery } from '../lib/query-string.ts';
import type { WriteAccess } from './use-write-access.ts';

/**
 * The server's answer to "may I `verb` this service?" (`GET /api/v1/permissions`), the same
 * decision the API makes when the button is pressed: controls are disabled with its reason.
 */
export function usePermission(
  verb: 'operate' | 'approve',
  service: string | null,
): WriteAccess & { owner: string | null } {
  const query = useApiQuery<PermissionAnswer>(
    service === null ? null : withQuery('/api/v1/permissions', { verb, service }),
  );
  const answer = query.data?.items[0];
  if (!answer) return { allowed: false, reason: null, owner: null };
  return { allowed: answer.allowed, reason: answer.reason, owner: answer.owner };
}
