import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../kernel/scopes.ts';
import { type Actor, type Resource, ROLES, type Role, VERBS, type Verb } from './permission-model.ts';
import { can } from './permissions.ts';

const person = (role: Role, teams: string[] = ['team-orders']): Actor => ({
  name: 'grace',
  userId: 'u-grace',
  role,
  teams,
  scope: null,
  teamLimit: null,
});

const payment: Resource = { kind: 'service', name: 'payment', owner: 'team-orders' };
const ads: Resource = { kind: 'service', name: 'ads', owner: 'team-storefront' };
const orphan: Resource = { kind: 'service', name: 'legacy', owner: null };
const platform: Resource = { kind: 'platform' };
const mixedIncident: Resource = {
  kind: 'incident',
  id: 'inc-1',
  services: [
    { kind: 'service', name: 'ads', owner: 'team-storefront' },
    { kind: 'service', name: 'payment', owner: 'team-orders' },
  ],
};
const adsIncident: Resource = {
  kind: 'incident',
  id: 'inc-2',
  services: [{ kind: 'service', name: 'ads', owner: 'team-storefront' }],
};
const ownToken: Resource = { kind: 'token', ownerUserId: 'u-grace', scope: 'read', teams: null };
const ownOperateToken: Resource = {
  kind: 'token',
  ownerUserId: 'u-grace',
  scope: 'operate',
  teams: ['team-orders'],
};
const othersToken: Resource = { kind: 'token', ownerUserId: 'u-ada', scope: 'read', teams: null };
const serviceAccountToken: Resource = { kind: 'token', ownerUserId: null, scope: 'ingest', teams: null };

const RESOURCES = {
  payment,
  ads,
  orphan,
  platform,
  mixedIncident,
  adsIncident,
  ownToken,
  ownOperateToken,
  othersToken,
  serviceAccountToken,
} satisfies Record<string, Resource>;
type ResourceName = keyof typeof RESOURCES;

/**
 * The whole matrix for a person in team-orders: for each role and verb, the resources allowed.
 * Every other (role, verb, resource) triple must be refused.
 */
const ALLOWED: Record<Role, Record<Verb, ResourceName[]>> = {
  admin: {
    read: Object.keys(RESOURCES) as ResourceName[],
    ingest: Object.keys(RESOURCES) as ResourceName[],
    operate: ['payment', 'ads', 'orphan', 'platform', 'mixedIncident', 'adsIncident'],
    approve: Object.keys(RESOURCES) as ResourceName[],
    configure: Object.keys(RESOURCES) as ResourceName[],
    audit: Object.keys(RESOURCES) as ResourceName[],
    manage: ['ownToken', 'ownOperateToken', 'othersToken', 'serviceAccountToken'],
  },
  platform: {
    read: Object.keys(RESOURCES) as ResourceName[],
    ingest: Object.keys(RESOURCES) as ResourceName[],
    operate: ['payment', 'ads', 'orphan', 'platform', 'mixedIncident', 'adsIncident'],
    approve: Object.keys(RESOURCES) as ResourceName[],
    configure: Object.keys(RESOURCES) as ResourceName[],
    audit: Object.keys(RESOURCES) as ResourceName[],
    manage: ['ownToken', 'ownOperateToken'],
  },
  member: {
    read: Object.keys(RESOURCES) as ResourceName[],
    ingest: Object.keys(RESOURCES) as ResourceName[],
    operate: ['payment', 'mixedIncident'],
    approve: [],
    configure: [],
    audit: [],
    manage: ['ownToken', 'ownOperateToken'],
  },
  viewer: {
    read: Object.keys(RESOURCES) as ResourceName[],
    ingest: [],
    operate: [],
    approve: [],
    configure: [],
    audit: [],
    manage: ['ownToken'],
  },
};

describe('can(actor, verb, resource) for a person', () => {
  const cases = ROLES.flatMap((role) =>
    VERBS.flatMap((verb) =>
      (Object.keys(RESOURCES) as ResourceName[]).map((resource) => ({
        role,
        verb,
        resource,
        expected: ALLOWED[role][verb].includes(resource),
      })),
    ),
  );

  it.each(cases)('$role $verb $resource → $expected', ({ role, verb, resource, expected }) => {
    const decision = can(person(role), verb, RESOURCES[resource]);
    expect(decision.allowed).toBe(expected);
    if (expected) expect(decision.reason).toBeNull();
    else expect(decision.reason).toMatch(/\S/);
  });
});

describe('reasons name what is missing', () => {
  it('names the owning team when a member operates another team’s service', () => {
    expect(can(person('member'), 'operate', ads)).toEqual({
      allowed: false,
      reason: 'ads is owned by team-storefront; grace may operate only the services of team-orders',
    });
  });

  it('says a service without an owner needs platform', () => {
    expect(can(person('member'), 'operate', orphan).reason).toBe(
      'legacy has no owner in the catalog; only the platform and admin roles may operate it',
    );
  });

  it('says a member in no team has none', () => {
    expect(can(person('member', []), 'operate', payment).reason).toBe(
      'payment is owned by team-orders; grace may operate only the services of their teams (they are in none)',
    );
  });

  it('names the owners of an incident none of whose services is the actor’s', () => {
    const incident: Resource = {
      kind: 'incident',
      id: 'inc-3',
      services: [
        { kind: 'service', name: 'ads', owner: 'team-storefront' },
        { kind: 'service', name: 'shipping', owner: 'team-fulfilment' },
      ],
    };
    expect(can(person('member'), 'operate', incident).reason).toBe(
      'grace may not operate incident inc-3: none of its services (ads, shipping) is owned by team-orders (owners: team-storefront, team-fulfilment)',
    );
    expect(can(person('member'), 'operate', adsIncident).reason).toBe(
      'ads is owned by team-storefront; grace may operate only the services of team-orders',
    );
  });

  it('an incident without services is the platform’s to operate', () => {
    const empty: Resource = { kind: 'incident', id: 'inc-4', services: [] };
    expect(can(person('member'), 'operate', empty).allowed).toBe(false);
    expect(can(person('platform'), 'operate', empty).allowed).toBe(true);
  });

  it('refuses roles below platform for configuration and the audit trail', () => {
    expect(can(person('member'), 'configure', platform).reason).toBe(
      "grace has the member role; only the platform and admin roles may change Cairn's configuration",
    );
    expect(can(person('viewer'), 'audit', platform).reason).toBe(
      'grace has the viewer role; only the platform and admin roles may read the audit trail',
    );
  });

  it('keeps tokens within their owner’s rights and teams', () => {
    expect(can(person('viewer'), 'manage', ownOperateToken).reason).toBe(
      "an operate token would exceed grace's rights: the viewer role may hold tokens up to read",
    );
    expect(
      can(person('member'), 'manage', { ...ownOperateToken, teams: ['team-orders', 'team-storefront'] })
        .reason,
    ).toBe("grace is not in team-storefront; a token may not exceed its owner's teams");
    expect(can(person('member'), 'manage', { ...ownOperateToken, teams: null }).reason).toBe(
      'an operate token of a member must be limited to their teams (team-orders)',
    );
    expect(can(person('member'), 'manage', othersToken).reason).toBe(
      'grace may manage only their own tokens',
    );
    expect(can(person('platform'), 'manage', serviceAccountToken).reason).toBe(
      'grace has the platform role; only admins manage service-account tokens',
    );
    expect(can(person('admin'), 'manage', { ...ownToken, scope: 'admin' }).allowed).toBe(true);
    expect(can(person('platform'), 'manage', { ...ownToken, scope: 'admin' }).allowed).toBe(false);
  });
});

describe('tokens', () => {
  const token = (overrides: Partial<Actor>): Actor => ({
    ...person('platform'),
    name: 'ci',
    scope: 'operate',
    ...overrides,
  });

  it('are capped by their scope', () => {
    expect(can(token({ scope: 'read' }), 'operate', payment).reason).toBe(
      'operate needs a token with the operate scope; token "ci" has read',
    );
    expect(can(token({ scope: 'ingest' }), 'read', payment).reason).toBe(
      'read needs a token with the read scope; token "ci" has ingest',
    );
    expect(can(token({ scope: 'operate' }), 'manage', ownToken).reason).toBe(
      'manage needs a token with the admin scope; token "ci" has operate',
    );
    expect(can(token({ scope: 'read' }), 'audit', platform).allowed).toBe(true);
  });

  it('limited to teams operate only those teams’ services', () => {
    const limited = token({ teamLimit: ['team-storefront'] });
    expect(can(limited, 'operate', ads).allowed).toBe(true);
    expect(can(limited, 'operate', payment).reason).toBe(
      'payment is owned by team-orders; token "ci" is limited to team-storefront',
    );
    expect(can(limited, 'operate', orphan).reason).toBe(
      'legacy is owned by no team; token "ci" is limited to team-storefront',
    );
    expect(can(limited, 'operate', platform).reason).toBe(
      'token "ci" is limited to team-storefront; this reaches every team\'s services',
    );
  });

  it('never exceed their owner: whatever a token may do, its owner signed in may do', () => {
    const role = fc.constantFrom(...ROLES);
    const teams = fc.subarray(['team-orders', 'team-storefront', 'team-fulfilment']);
    const verb = fc.constantFrom(...VERBS);
    const resource = fc.constantFrom(...Object.values(RESOURCES));
    fc.assert(
      fc.property(
        role,
        teams,
        fc.constantFrom(...SCOPES),
        fc.option(teams, { nil: null }),
        verb,
        resource,
        (ownerRole, ownerTeams, scope, teamLimit, wanted, target) => {
          const owner = person(ownerRole, ownerTeams);
          const viaToken = { ...owner, name: 'tok', scope, teamLimit };
          if (can(viaToken, wanted, target).allowed) {
            expect(can(owner, wanted, target).allowed).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
