import type { ActionDetail, Run } from '../../api/contracts.ts';
import type { Me } from '../../api/types.ts';

/**
 * Whether the signed-in person can approve or decline a run, as far as the page knows: the
 * server's rules (docs/actions.md) applied to what `/api/v1/me` and the action say. When the page
 * cannot tell (the owning team of the service), it leaves the buttons on and the server decides.
 */
export function approvalHint(
  me: Me,
  run: Run,
  action: Pick<ActionDetail, 'id' | 'guardrails'> | null,
): { allowed: boolean; reason: string | null } {
  if (run.state !== 'waiting_for_approval') return { allowed: false, reason: null };
  if (me.role === 'viewer')
    return { allowed: false, reason: `${me.name} is a viewer and cannot approve runs` };
  if (!action) return { allowed: true, reason: null };
  const { approvers, selfApproval } = action.guardrails;
  if (run.requestedBy.id === me.actorId && !selfApproval) {
    return { allowed: false, reason: `You started this run; ${action.id} does not allow self-approval` };
  }
  for (const approver of approvers) {
    if (approver === 'platform' && me.can.approve.allowed) return { allowed: true, reason: null };
    if (approver === 'owner-team') return { allowed: true, reason: null };
    if (approver.startsWith('team:') && me.teams.includes(approver.slice(5)))
      return { allowed: true, reason: null };
    if (approver.startsWith('user:') && (approver.slice(5) === me.name || approver === me.actorId))
      return { allowed: true, reason: null };
  }
  return {
    allowed: false,
    reason: `Only ${approvers.join(', ')} may approve runs of ${action.id}`,
  };
}
