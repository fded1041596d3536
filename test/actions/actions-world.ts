/**
 * A whole Cairn (compose.ts, real SQLite or PostgreSQL, chDB) listening on loopback, with the
 * example shop's catalog, test actions calling a real loopback automation through the webhook
 * executor, and people signed in with real sessions: grace (team-orders), ada (team-storefront)
 * and pat (platform engineer).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { CairnConfigSchema } from '../../src/kernel/config-schema.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { createIdentityService, createIdentityStore } from '../../src/modules/identity/index.ts';
import { type CairnRuntime, composeCairn } from '../../src/server/compose.ts';
import { buildHttpApp } from '../../src/server/http/build-app.ts';
import { closeWithin } from '../../src/server/http/close-within.ts';
import { TEST_ADMIN_TOKEN } from '../support/start-cairn.ts';
import { type AutomationReceiver, startAutomationReceiver } from './automation-receiver.ts';
import { type BareRepository, createBareRepository } from './executors/git-fixtures.ts';

export const EXAMPLE_CATALOG = fileURLToPath(new URL('../../examples/catalog', import.meta.url));
export const SIGNING_SECRET = 'test-signing-secret-0123456789';
const ISSUER = 'https://idp.test.example';

/** The shipped Deny policy capping the scale action at 10 replicas. */
const SCALE_CAP_POLICY = fileURLToPath(
  new URL('../../examples/policies/scale-replicas-cap.yaml', import.meta.url),
);

/** A Warn policy: more than 5 replicas is shown, the run goes on. */
const SCALE_COST_WARNING = `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: scale-cost
spec:
  validationActions: [Warn]
  matchConstraints:
    resourceRules:
      - apiGroups: [actions.cairn.dev]
        apiVersions: [v1]
        operations: [CREATE]
        resources: [actionruns]
  matchConditions:
    - name: scale-only
      expression: object.spec.action == 'scale'
  validations:
    - expression: int(object.spec.inputs.replicas) <= 5
      message: more than 5 replicas doubles the service's cost
`;

/** payment's production values in the deployment repository, before any action. */
export const PAYMENT_VALUES = `# payment in production
image:
  repository: ghcr.io/shop/payment
  tag: "1.4.0"  # set by Cairn
`;

/**
 * Test actions: the webhook executor against the loopback automation, and the GitOps executor
 * against a real bare repository.
 */
export function testActions(receiverUrl: string, repositoryUrl: string): string {
  const webhook = (path: string) =>
    `executor:\n  kind: webhook\n  settings:\n    url: ${receiverUrl}${path}\n`;
  return `id: rollback
title: Roll back
target: service
operation: day-2
records: rollback
inputs:
  type: object
  required: [environment, version]
  properties:
    environment: { type: string, x-cairn-picker: environment }
    version: { type: string, x-cairn-picker: version }
${webhook('/ok')}guardrails:
  approval:
    required: when
    when: environment == 'production'
    approvers: [platform]
---
id: scale
title: Scale
target: service
operation: day-2
records: scale
inputs:
  type: object
  required: [replicas]
  properties:
    replicas: { type: integer, minimum: 0 }
${webhook('/ok')}guardrails:
  rules:
    - expression: inputs.replicas <= 20
      message: at most 20 replicas; ask the platform team for more capacity
---
id: frozen-deploy
title: Deploy (frozen)
target: service
operation: day-2
${webhook('/ok')}guardrails:
  freeze:
    - reason: Black Friday
      days: [mon, tue, wed, thu, fri, sat, sun]
---
id: hang
title: Waits for a report that never comes
target: service
operation: day-2
${webhook('/hang')}guardrails:
  timeoutSeconds: 2
---
id: hang-long
title: Waits a long time
target: service
operation: day-2
${webhook('/hang')}guardrails:
  timeoutSeconds: 600
---
id: failing
title: The tool refuses
target: service
operation: day-2
${webhook('/fail')}---
id: open-logs
title: Open the logs
target: service
operation: day-2
executor:
  kind: link
  settings:
    url: /logs?q=service:\${{ service }}&live=1
    title: Logs of \${{ service }}
guardrails:
  allowed:
    roles: [admin, platform, member]
  oneRunPerService: false
---
id: rollback-gitops
title: Roll back (GitOps)
target: service
operation: day-2
records: rollback
inputs:
  type: object
  required: [environment, version]
  properties:
    environment: { type: string, x-cairn-picker: environment }
    version: { type: string, x-cairn-picker: version }
executor:
  kind: gitops
  settings:
    repository: ${repositoryUrl}
    file: \${{ environment }}/\${{ service }}/values.yaml
    yamlPath: image.tag
    value: \${{ inputs.version }}
    valueType: string
guardrails:
  approval:
    required: when
    when: environment == 'production'
    approvers: [platform]
`;
}

export interface Person {
  name: string;
  cookie: string;
  csrfToken: string;
}

export interface ActionsWorld {
  url: string;
  app: FastifyInstance;
  runtime: CairnRuntime;
  receiver: AutomationReceiver;
  /** The deployment repository the GitOps actions commit to. */
  repository: BareRepository;
  adminToken: string;
  people: { grace: Person; ada: Person; pat: Person };
  /** A request as the browser UI makes it: session cookie, CSRF header, same origin. */
  as(person: Person, path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** `extraConfig`: further top-level config sections, e.g. `{ notify: { mattermostUrl } }`. */
export async function startActionsWorld(
  stateUrl: string | undefined,
  extraConfig: Record<string, unknown> = {},
): Promise<ActionsWorld> {
  const receiver = await startAutomationReceiver(SIGNING_SECRET);
  const repository = createBareRepository();
  repository.commit({ 'production/payment/values.yaml': PAYMENT_VALUES }, 'payment at 1.4.0');
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-actions-'));
  const actionsFile = join(dataDir, 'actions.yaml');
  writeFileSync(actionsFile, testActions(receiver.url, repository.url));
  const warnPolicy = join(dataDir, 'scale-cost.yaml');
  writeFileSync(warnPolicy, SCALE_COST_WARNING);
  const config = CairnConfigSchema.parse({
    dataDir,
    state: stateUrl ? { url: stateUrl } : {},
    auth: {
      adminToken: TEST_ADMIN_TOKEN,
      // Discovery is lazy: nobody signs in through it here; the role mapping is what counts.
      oidc: { issuer: ISSUER, clientId: 'cairn', roleMappings: { 'platform-team': 'platform' } },
    },
    log: { level: 'silent' },
    catalog: { sources: [{ type: 'dir', path: EXAMPLE_CATALOG }] },
    policy: { paths: [SCALE_CAP_POLICY, warnPolicy] },
    actions: { dir: actionsFile, webhook: { signingSecret: SIGNING_SECRET }, pollIntervalMs: 100 },
    ...extraConfig,
  });
  const logger = createLogger('silent');
  const runtime = await composeCairn({ config, logger });
  const app = await buildHttpApp({
    listener: 'main',
    routes: runtime.routes,
    authenticator: runtime.authenticator,
    metrics: runtime.metrics,
    logger,
    maxBodyBytes: config.server.maxBodyBytes,
    web: {},
  });
  const url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
  runtime.setPublicUrl(url);

  // Sign-ins recorded the way the OIDC callback records them, then real sessions.
  const identity = createIdentityService({
    store: createIdentityStore(runtime.state.db),
    tokens: { principalById: async () => null },
    catalog: {
      listPeople: async () => [
        {
          name: 'grace',
          displayName: 'Grace Hopper',
          email: 'grace@acme-shop.example',
          teams: ['team-orders'],
        },
        {
          name: 'ada',
          displayName: 'Ada Lovelace',
          email: 'ada@acme-shop.example',
          teams: ['team-storefront'],
        },
      ],
      serviceOwnership: async () => null,
    },
    incidentServices: async () => null,
    mappings: { defaultRole: 'member', roleMappings: {}, teamMappings: {} },
    sessionTtlMinutes: 60,
    clock: { now: () => new Date() },
  });
  const person = async (login: string, email: string, groups: string[]): Promise<Person> => {
    const user = await identity.recordSignIn(ISSUER, {
      subject: login,
      email,
      name: login,
      username: login,
      groups,
    });
    const session = await identity.startSession({ userId: user.id }, { ip: '127.0.0.1', userAgent: 'test' });
    return { name: user.name, cookie: `cairn_session=${session.secret}`, csrfToken: session.csrfToken };
  };
  const people = {
    grace: await person('grace', 'grace@acme-shop.example', ['developers']),
    ada: await person('ada', 'ada@acme-shop.example', ['developers']),
    pat: await person('pat', 'pat@acme-shop.example', ['platform-team']),
  };
  const request = (
    headers: Record<string, string>,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ) =>
    fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  return {
    url,
    app,
    runtime,
    receiver,
    repository,
    adminToken: TEST_ADMIN_TOKEN,
    people,
    as: (who, path, init) =>
      request({ cookie: who.cookie, origin: url, 'x-csrf-token': who.csrfToken }, path, init),
    admin: (path, init) => request({ authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, path, init),
    close: async () => {
      await receiver.reportsSent();
      // Bounded as Cairn's own stop is: a keep-alive connection that turns idle after the close
      // began would otherwise hold it open.
      await closeWithin(app, 2_000);
      await runtime.close();
      await receiver.close();
      repository.remove();
    },
  };
}
