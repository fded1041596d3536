/** Answers of the actions API shared by the actions pages' tests, whole (partial ones hide drift). */
import type { ActionDetail, RunDetail } from '../../api/contracts.ts';
import type { Me } from '../../api/types.ts';

const allowed = { allowed: true, reason: null };

export function person(overrides: Partial<Me> = {}): Me {
  return {
    kind: 'person',
    name: 'ada',
    actorId: 'user:ada',
    email: 'ada@example.com',
    role: 'platform',
    teams: ['team-platform'],
    scope: 'admin',
    tokenId: null,
    session: null,
    can: { operateAnyService: allowed, approve: allowed, configure: allowed, audit: allowed },
    ...overrides,
  };
}

export function rollbackAction(overrides: Partial<ActionDetail> = {}): ActionDetail {
  return {
    id: 'rollback',
    title: 'Roll back to a previous version',
    description: 'Sets the image tag back to a version the service ran before.',
    target: 'service',
    operation: 'day-2',
    executor: 'gitops',
    approval: 'when',
    approvalWhen: "environment == 'production'",
    source: 'examples/actions/rollback.yaml:1',
    inputs: {
      type: 'object',
      required: ['environment', 'version'],
      properties: {
        environment: { type: 'string', 'x-cairn-picker': 'environment', default: 'production' },
        version: { type: 'string', 'x-cairn-picker': 'version', pattern: '^[A-Za-z0-9._-]{1,128}$' },
      },
    },
    pickers: { environment: ['production', 'staging'], version: ['1.4.0', '1.3.2', '1.3.1'] },
    guardrails: {
      allowedRoles: ['platform', 'admin'],
      ownerTeam: true,
      teams: [],
      approvers: ['platform'],
      selfApproval: false,
      rules: [],
      freeze: [],
      timeoutSeconds: 900,
      oneRunPerService: true,
    },
    mayRun: { allowed: true, reason: null },
    ...overrides,
  };
}

export function run(overrides: Partial<RunDetail> = {}): RunDetail {
  return {
    id: 'run-1',
    actionId: 'rollback',
    actionTitle: 'Roll back to a previous version',
    service: 'payment',
    environment: 'production',
    inputs: { environment: 'production', version: '1.3.2' },
    state: 'waiting_for_approval',
    requestedBy: { id: 'user:bob', name: 'bob' },
    approvalRequired: true,
    decision: null,
    warnings: [],
    links: [],
    message: null,
    changeId: null,
    timeoutSeconds: 900,
    createdAt: '2026-12-06T06:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    incidentId: null,
    log: [],
    ...overrides,
  };
}
