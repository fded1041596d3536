/**
 * The guardrails of an action, as pure functions: who may run it, who may approve a run, whether a
 * run needs approval, the input rules, and change freezes. The permission pieces go through the
 * one `can` of the identity module, so a token's scope and team limit hold here too.
 */
import { InputError } from '../../kernel/errors.ts';
import { type Actor, can, type Decision, type Resource } from '../identity/index.ts';
import { CelExpressionError, evaluateExpression, toCelValue } from '../policy/index.ts';
import type { ActionDefinition, FreezeWindow } from './contract.ts';

type ServiceResource = Extract<Resource, { kind: 'service' }>;
const ALLOWED: Decision = { allowed: true, reason: null };

/** What CEL expressions of an action see: `inputs`, `service` (name, owner), `environment`, `actor`. */
export function celActivation(
  inputs: Record<string, unknown>,
  service: ServiceResource | null,
  environment: string | null,
  actor: Actor,
): Record<string, unknown> {
  return {
    inputs: toCelValue(inputs),
    service: service ? { name: service.name, owner: service.owner ?? '' } : { name: '', owner: '' },
    environment: environment ?? '',
    actor: { name: actor.name, role: actor.role, teams: [...actor.teams] },
  };
}

/**
 * May `actor` run `action` on `service`? Allowed to the listed roles (within a token's team limit),
 * to the owning team (through `can`'s operate), and to the named teams; never to viewers.
 */
export function mayRun(actor: Actor, action: ActionDefinition, service: ServiceResource | null): Decision {
  const { roles, ownerTeam, teams } = action.guardrails.allowed;
  const resource: Resource = service ?? { kind: 'platform' };
  const operate = can(actor, 'operate', resource);
  // The run routes need the operate scope, so a token here may operate; its team limit still holds.
  if (actor.role === 'viewer') return refuse(actor, action, 'the viewer role');
  if (roles.includes(actor.role) && withinTokenLimit(actor, service)) return ALLOWED;
  if (
    service &&
    ownerTeam &&
    service.owner !== null &&
    actor.teams.includes(service.owner) &&
    operate.allowed
  ) {
    return ALLOWED;
  }
  if (teams.some((team) => actor.teams.includes(team)) && withinTokenLimit(actor, service)) return ALLOWED;
  const who = [
    roles.length > 0 ? `the ${roles.join(', ')} role${roles.length === 1 ? '' : 's'}` : null,
    ownerTeam && service ? `the owning team (${service.owner ?? 'none in the catalog'})` : null,
    teams.length > 0 ? `the team${teams.length === 1 ? '' : 's'} ${teams.join(', ')}` : null,
  ].filter((part): part is string => part !== null);
  const target = service ? ` on ${service.name}` : '';
  const teamsOf = actor.teams.length > 0 ? actor.teams.join(', ') : 'no team';
  return {
    allowed: false,
    reason: `${actor.name} (${actor.role}, ${teamsOf}) may not run ${action.id}${target}: it is allowed to ${who.join(', ') || 'nobody'}`,
  };
}

function refuse(actor: Actor, action: ActionDefinition, why: string): Decision {
  return { allowed: false, reason: `${actor.name} may not run ${action.id}: ${why} cannot run actions` };
}

function withinTokenLimit(actor: Actor, service: ServiceResource | null): boolean {
  if (actor.teamLimit === null) return true;
  return service !== null && service.owner !== null && actor.teamLimit.includes(service.owner);
}

/**
 * May `actor` approve or decline a run? Matches any approver entry: `platform` (the `approve` verb
 * of `can`), `owner-team`, `team:<name>`, `user:<name>`; refused to the requester unless the action
 * allows self-approval.
 */
export function mayApprove(
  actor: Actor,
  actorId: string,
  action: ActionDefinition,
  service: ServiceResource | null,
  requester: { id: string; userId: string | null },
): Decision {
  const self = requester.id === actorId || (requester.userId !== null && requester.userId === actor.userId);
  if (self && !action.guardrails.approval.selfApproval) {
    return {
      allowed: false,
      reason: `${actor.name} started this run; ${action.id} does not allow self-approval`,
    };
  }
  const approvers = action.guardrails.approval.approvers;
  const approve = can(actor, 'approve', service ?? { kind: 'platform' });
  for (const approver of approvers) {
    if (approver === 'platform' && approve.allowed) return ALLOWED;
    if (
      actor.role === 'viewer' ||
      (actor.scope !== null && actor.scope !== 'operate' && actor.scope !== 'admin')
    ) {
      continue;
    }
    if (approver === 'owner-team' && service?.owner && actor.teams.includes(service.owner)) return ALLOWED;
    if (approver.startsWith('team:') && actor.teams.includes(approver.slice(5))) return ALLOWED;
    if (approver.startsWith('user:') && (actor.name === approver.slice(5) || actorId === approver))
      return ALLOWED;
  }
  const described = approvers
    .map((entry) => (entry === 'owner-team' ? `the owning team (${service?.owner ?? 'none'})` : entry))
    .join(', ');
  return {
    allowed: false,
    reason: `${actor.name} may not approve runs of ${action.id}: its approvers are ${described}${
      approvers.includes('platform') && approve.reason ? ` (${approve.reason})` : ''
    }`,
  };
}

/** Who may cancel a run: whoever started it, anyone who may run the action there, and approvers. */
export function mayCancel(
  actor: Actor,
  actorId: string,
  action: ActionDefinition,
  service: ServiceResource | null,
  requesterId: string,
): Decision {
  if (actorId === requesterId) return ALLOWED;
  const run = mayRun(actor, action, service);
  if (run.allowed) return run;
  if (can(actor, 'approve', service ?? { kind: 'platform' }).allowed) return ALLOWED;
  return run;
}

/** Whether a run needs someone's approval before it executes. */
export function approvalRequired(action: ActionDefinition, activation: Record<string, unknown>): boolean {
  const { required, when } = action.guardrails.approval;
  if (required === 'always') return true;
  if (required === 'never' || when === undefined) return false;
  return evaluateBoolean(when, activation, 'guardrails.approval.when');
}

/** Messages of the input rules that do not hold. */
export function failingRules(action: ActionDefinition, activation: Record<string, unknown>): string[] {
  return action.guardrails.rules
    .filter((rule) => !evaluateBoolean(rule.expression, activation, 'guardrails.rules'))
    .map((rule) => rule.message);
}

function evaluateBoolean(expression: string, activation: Record<string, unknown>, where: string): boolean {
  try {
    const value = evaluateExpression(expression, activation);
    if (typeof value !== 'boolean') {
      throw new InputError(
        `${where}: "${expression}" gave ${String(value)}, not true or false`,
        'body.inputs',
      );
    }
    return value;
  } catch (error) {
    if (error instanceof CelExpressionError) {
      // A rule over an input the request left out cannot hold: say which expression, and why.
      throw new InputError(
        `${where}: "${expression}" could not be evaluated: ${error.message}`,
        'body.inputs',
      );
    }
    throw error;
  }
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The freeze window in force at `now` for `environment`, if any. */
export function activeFreeze(
  windows: readonly FreezeWindow[],
  environment: string | null,
  now: Date,
): FreezeWindow | null {
  for (const window of windows) {
    if (window.environments && (environment === null || !window.environments.includes(environment))) continue;
    if ('start' in window) {
      if (now >= new Date(window.start) && now < new Date(window.end)) return window;
      continue;
    }
    const day = WEEKDAYS[now.getUTCDay()] ?? 'sun';
    const minutes = now.getUTCHours() * 60 + now.getUTCMinutes();
    const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
    if (
      window.days.includes(day) &&
      minutes >= toMinutes(window.startTime) &&
      minutes < toMinutes(window.endTime)
    ) {
      return window;
    }
  }
  return null;
}
