import { type Scope, scopeAllows } from '../../kernel/scopes.ts';
import type { Actor, Decision, Resource, Role, ServiceResource, Verb } from './permission-model.ts';

const ALLOWED: Decision = { allowed: true, reason: null };
const refuse = (reason: string): Decision => ({ allowed: false, reason });

/** The least token scope each verb needs; a person signed in has no scope cap. */
const SCOPE_FOR_VERB: Record<Verb, Scope> = {
  ingest: 'ingest',
  read: 'read',
  operate: 'operate',
  approve: 'operate',
  configure: 'operate',
  audit: 'read',
  manage: 'admin',
};

/** The widest scope a role's tokens may carry. */
export const MAX_SCOPE_FOR_ROLE: Record<Role, Scope> = {
  admin: 'admin',
  platform: 'operate',
  member: 'operate',
  viewer: 'read',
};

/**
 * The one permission function: may `actor` do `verb` to `resource`? Pure; the API, the UI (through
 * `GET /api/v1/me` and `POST /api/v1/permissions/check`) and the CLI all ask it. A refusal carries
 * a reason naming what is missing (the owning team, the role, the scope).
 */
export function can(actor: Actor, verb: Verb, resource: Resource): Decision {
  // A token never does more than its scope; a person signed in is limited by role alone.
  if (actor.scope !== null && !scopeAllows(actor.scope, SCOPE_FOR_VERB[verb])) {
    return refuse(
      `${verb} needs a token with the ${SCOPE_FOR_VERB[verb]} scope; token "${actor.name}" has ${actor.scope}`,
    );
  }
  switch (verb) {
    case 'read':
      return ALLOWED;
    case 'ingest':
      return actor.role === 'viewer'
        ? refuse(`${actor.name} has the viewer role; sending data needs the member role or higher`)
        : ALLOWED;
    case 'operate':
      return canOperate(actor, resource);
    case 'approve':
      return atLeastPlatform(actor, 'approve action runs', resource);
    case 'configure':
      return atLeastPlatform(actor, "change Cairn's configuration", resource);
    case 'audit':
      return atLeastPlatform(actor, 'read the audit trail', resource);
    case 'manage':
      return canManageToken(actor, resource);
  }
}

function atLeastPlatform(actor: Actor, what: string, resource: Resource): Decision {
  if (actor.role === 'admin' || actor.role === 'platform') {
    return resource.kind === 'service' ? withinTeamLimit(actor, resource) : ALLOWED;
  }
  return refuse(`${actor.name} has the ${actor.role} role; only the platform and admin roles may ${what}`);
}

function canOperate(actor: Actor, resource: Resource): Decision {
  switch (resource.kind) {
    case 'service':
      return canOperateService(actor, resource);
    case 'incident': {
      if (resource.services.length === 0) return canOperate(actor, { kind: 'platform' });
      // Acknowledging or resolving is allowed to anyone who may operate one of its services: the
      // incident is theirs too, and someone must be able to say "I am on it".
      const decisions = resource.services.map((service) => canOperateService(actor, service));
      if (decisions.some((decision) => decision.allowed)) return ALLOWED;
      if (resource.services.length === 1) return decisions[0] ?? refuse('no services');
      const owners = [...new Set(resource.services.map((service) => service.owner ?? 'no team'))];
      return refuse(
        `${actor.name} may not operate incident ${resource.id}: none of its services (${resource.services
          .map((service) => service.name)
          .join(', ')}) is owned by ${teamsPhrase(actor)} (owners: ${owners.join(', ')})`,
      );
    }
    case 'platform':
      if (actor.role === 'admin' || actor.role === 'platform') {
        return actor.teamLimit === null
          ? ALLOWED
          : refuse(
              `token "${actor.name}" is limited to ${actor.teamLimit.join(', ')}; this reaches every team's services`,
            );
      }
      return refuse(
        `${actor.name} has the ${actor.role} role; this reaches every team's services, which only the platform and admin roles may operate`,
      );
    case 'token':
      return refuse('tokens are not operated; create or revoke them (manage)');
  }
}

function canOperateService(actor: Actor, service: ServiceResource): Decision {
  if (actor.role === 'admin' || actor.role === 'platform') return withinTeamLimit(actor, service);
  if (actor.role === 'viewer') {
    return refuse(
      `${actor.name} has the viewer role; operating ${service.name} needs the member role or higher`,
    );
  }
  if (service.owner === null) {
    return refuse(
      `${service.name} has no owner in the catalog; only the platform and admin roles may operate it`,
    );
  }
  if (!actor.teams.includes(service.owner)) {
    return refuse(
      `${service.name} is owned by ${service.owner}; ${actor.name} may operate only the services of ${teamsPhrase(actor)}`,
    );
  }
  return withinTeamLimit(actor, service);
}

function withinTeamLimit(actor: Actor, service: ServiceResource): Decision {
  if (actor.teamLimit === null) return ALLOWED;
  if (service.owner !== null && actor.teamLimit.includes(service.owner)) return ALLOWED;
  return refuse(
    `${service.name} is owned by ${service.owner ?? 'no team'}; token "${actor.name}" is limited to ${actor.teamLimit.join(', ') || 'no team'}`,
  );
}

function canManageToken(actor: Actor, resource: Resource): Decision {
  if (resource.kind !== 'token') return refuse('only API tokens are managed');
  if (actor.role === 'admin') return ALLOWED;
  if (resource.ownerUserId === null) {
    return refuse(`${actor.name} has the ${actor.role} role; only admins manage service-account tokens`);
  }
  if (resource.ownerUserId !== actor.userId) {
    return refuse(`${actor.name} may manage only their own tokens`);
  }
  const widest = MAX_SCOPE_FOR_ROLE[actor.role];
  if (!scopeAllows(widest, resource.scope)) {
    return refuse(
      `${article(resource.scope)} ${resource.scope} token would exceed ${actor.name}'s rights: the ${actor.role} role may hold tokens up to ${widest}`,
    );
  }
  if (actor.role === 'member' && resource.scope === 'operate') {
    const outside = (resource.teams ?? []).filter((team) => !actor.teams.includes(team));
    if (resource.teams === null || resource.teams.length === 0) {
      // A member's operate token is limited to their teams; the service fills this in when absent.
      return refuse(
        `an operate token of a member must be limited to their teams (${actor.teams.join(', ')})`,
      );
    }
    if (outside.length > 0) {
      return refuse(
        `${actor.name} is not in ${outside.join(', ')}; a token may not exceed its owner's teams`,
      );
    }
  }
  return ALLOWED;
}

function teamsPhrase(actor: Actor): string {
  if (actor.teams.length === 0) return 'their teams (they are in none)';
  return actor.teams.join(', ');
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
