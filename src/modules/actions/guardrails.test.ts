import { describe, expect, it } from 'vitest';
import type { Actor } from '../identity/index.ts';
import type { ActionDefinition, FreezeWindow } from './contract.ts';
import { ActionDefinitionSchema } from './contract.ts';
import {
  activeFreeze,
  approvalRequired,
  celActivation,
  failingRules,
  mayApprove,
  mayCancel,
  mayRun,
} from './guardrails.ts';

const person = (name: string, role: Actor['role'], teams: string[]): Actor => ({
  name,
  userId: name,
  role,
  teams,
  scope: null,
  teamLimit: null,
});
const grace = person('Grace', 'member', ['team-orders']);
const ada = person('Ada', 'member', ['team-storefront']);
const pat = person('Pat', 'platform', []);
const vic = person('Vic', 'viewer', ['team-orders']);
const payment = { kind: 'service' as const, name: 'payment', owner: 'team-orders' };

function action(guardrails: Record<string, unknown> = {}): ActionDefinition {
  return {
    ...ActionDefinitionSchema.parse({
      id: 'scale',
      title: 'Scale',
      operation: 'day-2',
      executor: { kind: 'webhook' },
      guardrails,
    }),
    file: 'a.yaml',
    line: 1,
  };
}

describe('who may run an action', () => {
  it('allows the owning team and the platform role by default, never viewers', () => {
    expect(mayRun(grace, action(), payment)).toEqual({ allowed: true, reason: null });
    expect(mayRun(pat, action(), payment).allowed).toBe(true);
    expect(mayRun(ada, action(), payment)).toEqual({
      allowed: false,
      reason:
        'Ada (member, team-storefront) may not run scale on payment: it is allowed to the platform, admin roles, the owning team (team-orders)',
    });
    expect(mayRun(vic, action(), payment)).toEqual({
      allowed: false,
      reason: 'Vic may not run scale: the viewer role cannot run actions',
    });
  });

  it('allows named teams, and only the listed roles', () => {
    const sre = action({ allowed: { roles: ['admin'], ownerTeam: false, teams: ['team-storefront'] } });
    expect(mayRun(ada, sre, payment).allowed).toBe(true);
    expect(mayRun(grace, sre, payment).allowed).toBe(false);
    expect(mayRun(pat, sre, payment).allowed).toBe(false);
  });

  it('keeps a token within its team limit', () => {
    const limited: Actor = { ...pat, scope: 'operate', teamLimit: ['team-storefront'] };
    expect(mayRun(limited, action(), payment).allowed).toBe(false);
    expect(mayRun({ ...limited, teamLimit: ['team-orders'] }, action(), payment).allowed).toBe(true);
  });
});

describe('who may approve a run', () => {
  const requester = { id: 'user:Grace', userId: 'Grace' };

  it('defaults to the platform (the approve verb), without self-approval', () => {
    expect(mayApprove(pat, 'user:Pat', action(), payment, requester).allowed).toBe(true);
    expect(mayApprove(ada, 'user:Ada', action(), payment, requester).reason).toBe(
      'Ada may not approve runs of scale: its approvers are platform (Ada has the member role; only the platform and admin roles may approve action runs)',
    );
    expect(mayApprove(grace, 'user:Grace', action(), payment, requester).reason).toBe(
      'Grace started this run; scale does not allow self-approval',
    );
  });

  it('takes owner-team, team: and user: approvers, and self-approval when allowed', () => {
    const owners = action({
      approval: { required: 'always', approvers: ['owner-team'], selfApproval: true },
    });
    expect(mayApprove(grace, 'user:Grace', owners, payment, requester).allowed).toBe(true);
    expect(mayApprove(pat, 'user:Pat', owners, payment, requester).allowed).toBe(false);
    const listed = action({
      approval: { required: 'always', approvers: ['team:team-storefront', 'user:Vic'] },
    });
    expect(mayApprove(ada, 'user:Ada', listed, payment, requester).allowed).toBe(true);
    expect(mayApprove(vic, 'user:Vic', listed, payment, requester).allowed).toBe(false);
  });

  it('lets the requester, runners and approvers cancel', () => {
    expect(mayCancel(ada, 'user:Ada', action(), payment, 'user:Ada').allowed).toBe(true);
    expect(mayCancel(grace, 'user:Grace', action(), payment, 'user:Ada').allowed).toBe(true);
    expect(mayCancel(ada, 'user:Ada', action(), payment, 'user:Grace').allowed).toBe(false);
  });
});

describe('approval, rules and freezes', () => {
  const activation = (inputs: Record<string, unknown>) =>
    celActivation(inputs, payment, typeof inputs.environment === 'string' ? inputs.environment : null, grace);

  it('needs approval when the CEL condition holds', () => {
    const production = action({
      approval: { required: 'when', when: "environment == 'production' && service.owner == 'team-orders'" },
    });
    expect(approvalRequired(production, activation({ environment: 'production' }))).toBe(true);
    expect(approvalRequired(production, activation({ environment: 'staging' }))).toBe(false);
    expect(approvalRequired(action({ approval: { required: 'always' } }), activation({}))).toBe(true);
  });

  it("returns every failing rule's message; a rule over a missing input refuses with CEL's reason", () => {
    const rules = action({
      rules: [
        { expression: 'inputs.replicas <= 20', message: 'at most 20' },
        { expression: 'inputs.replicas % 2 == 0', message: 'an even number' },
      ],
    });
    expect(failingRules(rules, activation({ replicas: 21 }))).toEqual(['at most 20', 'an even number']);
    expect(failingRules(rules, activation({ replicas: 4 }))).toEqual([]);
    expect(() => failingRules(rules, activation({}))).toThrow(
      /^guardrails\.rules: "inputs\.replicas <= 20" could not be evaluated: /,
    );
  });

  it('finds the freeze in force: fixed periods, weekly windows in UTC, limited to environments', () => {
    const windows: FreezeWindow[] = [
      { reason: 'Black Friday', start: '2030-11-29T00:00:00Z', end: '2030-12-02T00:00:00Z' },
      {
        reason: 'weekend',
        days: ['sat', 'sun'],
        startTime: '00:00',
        endTime: '24:00',
        environments: ['production'],
      },
      { reason: 'evenings', days: ['mon'], startTime: '18:00', endTime: '23:00' },
    ];
    const at = (iso: string, environment: string | null = 'production') =>
      activeFreeze(windows, environment, new Date(iso))?.reason ?? null;
    expect(at('2030-11-30T12:00:00Z')).toBe('Black Friday');
    expect(at('2030-12-07T12:00:00Z')).toBe('weekend'); // a Saturday
    expect(at('2030-12-07T12:00:00Z', 'staging')).toBeNull();
    expect(at('2030-12-09T18:00:00Z')).toBe('evenings'); // a Monday
    expect(at('2030-12-09T23:00:00Z')).toBeNull();
    expect(at('2030-12-10T12:00:00Z')).toBeNull();
  });
});
