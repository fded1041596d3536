/**
 * Past incidents imported from another tool through `POST /api/v1/imports/incidents`, on SQLite
 * and PostgreSQL: deploys posted as changes days ago, incidents imported with their own times and
 * the deploy their tool attributed them to. DORA's change fail rate, recovery time and rework rate
 * and the insights' MTTR and pages are exactly what the definitions give; importing again records
 * nothing; bad input is refused naming the field, with nothing written; only admins may import,
 * and the audit trail has the import with its counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/modules/changes/index.ts';
import type { DoraReport } from '../../src/modules/dora/index.ts';
import type { ImportResult } from '../../src/modules/imports/index.ts';
import type { Incident } from '../../src/modules/incidents/index.ts';
import type { Insights } from '../../src/modules/insights/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { type StateTarget, stateTargets } from '../support/state-dialects.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe.each(await stateTargets())('POST /api/v1/imports/incidents on $dialect', (target) => {
  let state: StateTarget;
  let cairn: InProcessCairn;
  // Whole minutes, so every time below is exact in RFC 3339.
  const N = Math.floor(Date.now() / MIN) * MIN;
  const iso = (ms: number) => new Date(ms).toISOString();
  const from = iso(N - 14 * DAY);
  const to = iso(N + DAY);
  let payment12: Change;
  let cart7: Change;
  let first: ImportResult;

  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: unknown, token?: string) => {
    const response = await cairn.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token ?? cairn.adminToken}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json() as T };
  };
  const deploy = async (service: string, version: string, atMs: number): Promise<Change> => {
    const response = await api<{ change: Change }>('POST', '/api/v1/changes', {
      service,
      version,
      finishedAt: iso(atMs),
      commits: [{ sha: `${service}-${version}`, at: iso(atMs - HOUR) }],
    });
    expect(response.status).toBe(201);
    return response.body.change;
  };
  const history = () => ({
    source: 'pagerduty',
    items: [
      {
        externalId: 'PD-1',
        title: 'Payment errors after 1.2',
        severity: 'critical',
        services: ['payment'],
        openedAt: iso(N - 10 * DAY + 10 * MIN),
        acknowledgedAt: iso(N - 10 * DAY + 15 * MIN),
        resolvedAt: iso(N - 10 * DAY + 70 * MIN),
        resolvedBy: 'grace',
        paged: true,
        changeId: payment12.id,
      },
      {
        externalId: 'PD-2',
        title: 'Cart checkout failing',
        severity: 'critical',
        services: ['cart'],
        openedAt: iso(N - 6 * DAY + 5 * MIN),
        resolvedAt: iso(N - 6 * DAY + 3 * HOUR),
        changeId: cart7.id,
      },
      {
        externalId: 'PD-3',
        title: 'Cart latency',
        severity: 'warning',
        services: ['cart'],
        openedAt: iso(N - 4 * DAY + HOUR),
        resolvedAt: iso(N - 4 * DAY + 2 * HOUR),
      },
    ],
  });

  beforeAll(async () => {
    state = await target.create();
    cairn = await startInProcess(state.url ? { stateUrl: state.url } : {});
    await deploy('payment', '1.1', N - 12 * DAY);
    payment12 = await deploy('payment', '1.2', N - 10 * DAY);
    await deploy('payment', '1.3', N - 8 * DAY);
    cart7 = await deploy('cart', '7', N - 6 * DAY);
    // The hotfix, 2 h later, while PD-2 (attributed to cart 7) is open.
    await deploy('cart', '7.1', N - 6 * DAY + 2 * HOUR);
    // Before PD-3 opened: neither failed nor rework.
    await deploy('cart', '8', N - 4 * DAY);
    const imported = await api<ImportResult>('POST', '/api/v1/imports/incidents', history());
    expect(imported.status).toBe(201);
    first = imported.body;
  }, 120_000);

  afterAll(async () => {
    await cairn?.close();
    await state?.dispose();
  });

  it('answers what it recorded, item by item', () => {
    expect(first).toMatchObject({ kind: 'incident', source: 'pagerduty', imported: 3, already: 0 });
    expect(first.items.map((i) => [i.externalId, i.outcome])).toEqual([
      ['PD-1', 'imported'],
      ['PD-2', 'imported'],
      ['PD-3', 'imported'],
    ]);
  });

  it('stores each as a resolved incident with its own times, timeline and the attributed change', async () => {
    const id = first.items[0]?.id ?? '';
    const { body } = await api<Incident>('GET', `/api/v1/incidents/${id}`);
    expect(body).toMatchObject({
      title: 'Payment errors after 1.2',
      status: 'resolved',
      severity: 'critical',
      services: ['payment'],
      startedAt: iso(N - 10 * DAY + 10 * MIN),
      acknowledgedAt: iso(N - 10 * DAY + 15 * MIN),
      resolvedAt: iso(N - 10 * DAY + 70 * MIN),
      paged: true,
      alerts: [],
    });
    expect(body.timeline.map((e) => [e.kind, e.at, e.message])).toEqual([
      ['opened', iso(N - 10 * DAY + 10 * MIN), 'Imported from pagerduty (PD-1)'],
      ['acknowledged', iso(N - 10 * DAY + 15 * MIN), 'Acknowledged in pagerduty'],
      ['resolved', iso(N - 10 * DAY + 70 * MIN), 'Resolved by grace'],
    ]);
    const suspects = (
      body.context as { suspects: Array<{ change: Change; score: number; reasons: string[] }> }
    ).suspects;
    expect(suspects).toEqual([
      {
        change: payment12,
        score: 1,
        reasons: ['pagerduty attributed incident PD-1 to this change (imported)'],
      },
    ]);
    expect(body.context).toMatchObject({
      snapshot: true,
      imported: { source: 'pagerduty', externalId: 'PD-1' },
    });
  });

  it('gives DORA exactly the change fail rate, recovery time and rework the definitions give', async () => {
    const { status, body } = await api<DoraReport>('GET', `/api/v1/dora?scope=org&from=${from}&to=${to}`);
    expect(status).toBe(200);
    const [pd1, pd2] = first.items.map((i) => i.id);
    expect(body.changeFailRate).toMatchObject({ failed: 2, deployments: 6, percent: (2 / 6) * 100 });
    expect(body.changeFailRate.failures.map((f) => [f.deploymentId, f.reasons])).toEqual([
      [
        payment12.id,
        [
          `deploy payment v1.2 is the confident top suspect (score 1.00) of incident ${pd1} "Payment errors after 1.2"`,
        ],
      ],
      [
        cart7.id,
        [
          `deploy cart v7 is the confident top suspect (score 1.00) of incident ${pd2} "Cart checkout failing"`,
          `deploy cart v7.1 followed 2 h later while incident ${pd2} was open (hotfix)`,
        ],
      ],
    ]);
    // payment 1.2: the incident resolved 70 min after the deploy (1.3 came two days later);
    // cart 7: the hotfix 2 h after it, before the incident resolved at 3 h.
    expect(body.changeFailRate.failures.map((f) => f.recoveredAt)).toEqual([
      iso(N - 10 * DAY + 70 * MIN),
      iso(N - 6 * DAY + 2 * HOUR),
    ]);
    expect(body.recoveryTime).toMatchObject({
      recovered: 2,
      unrecovered: 0,
      medianMs: (70 * MIN + 2 * HOUR) / 2,
    });
    // Only the hotfix was made because of an incident.
    expect(body.reworkRate).toMatchObject({ rework: 1, deployments: 6, percent: (1 / 6) * 100 });
  });

  it('gives insights the MTTR per severity and the page', async () => {
    const { body } = await api<Insights>('GET', `/api/v1/insights?from=${from}&to=${iso(N)}`);
    // 60 min, 175 min and 60 min.
    expect(body.mttr).toEqual({
      resolved: 3,
      medianMs: 60 * MIN,
      bySeverity: [
        { severity: 'critical', resolved: 2, medianMs: (60 * MIN + 175 * MIN) / 2 },
        { severity: 'warning', resolved: 1, medianMs: 60 * MIN },
      ],
    });
    expect(body.pagesLedToAction.pages).toBe(1);
  });

  it('records nothing new when the same history is imported again', async () => {
    const again = await api<ImportResult>('POST', '/api/v1/imports/incidents', history());
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      ...first,
      imported: 0,
      already: 3,
      items: first.items.map((i) => ({ ...i, outcome: 'already' })),
    });
    const list = await api<{ items: unknown[] }>('GET', '/api/v1/incidents?limit=500');
    expect(list.body.items).toHaveLength(3);
  });

  it('files the import in the audit trail with its counts', async () => {
    type AuditList = { items: Array<{ action: string; target: string; outcome: string; details: unknown }> };
    // The audit entry is written as the answer goes out: wait until the second import's is there.
    const deadline = Date.now() + 10_000;
    let body: AuditList = { items: [] };
    while (body.items.length < 2 && Date.now() < deadline) {
      body = (await api<AuditList>('GET', '/api/v1/audit?action=import.incident')).body;
      if (body.items.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(body.items.map((e) => [e.target, e.outcome, e.details])).toEqual([
      ['incidents from pagerduty', 'succeeded', { source: 'pagerduty', imported: 0, already: 3 }],
      ['incidents from pagerduty', 'succeeded', { source: 'pagerduty', imported: 3, already: 0 }],
    ]);
  });

  describe('refuses bad input with 400 naming the field, and writes nothing', () => {
    const one = (overrides: Record<string, unknown>) => ({
      source: 'opsgenie',
      items: [
        {
          externalId: 'OG-1',
          title: 'Payment down',
          severity: 'critical',
          services: ['payment'],
          openedAt: iso(N - 2 * DAY),
          resolvedAt: iso(N - 2 * DAY + HOUR),
          ...overrides,
        },
      ],
    });
    const refused = async (body: unknown) => {
      const response = await api<{ error: { code: string; message: string } }>(
        'POST',
        '/api/v1/imports/incidents',
        body,
      );
      expect(response.status).toBe(400);
      return response.body.error.message;
    };

    it.each([
      [
        { openedAt: iso(N + DAY), resolvedAt: iso(N + DAY + HOUR) },
        /^body\.items\.0\.openedAt: .+ is in the future \(now .+\); only past history is imported$/,
      ],
      [
        { resolvedAt: iso(N - 3 * DAY) },
        `body.items.0.resolvedAt: ${iso(N - 3 * DAY)} is before openedAt ${iso(N - 2 * DAY)}`,
      ],
      [
        { acknowledgedAt: iso(N - 3 * DAY) },
        `body.items.0.acknowledgedAt: ${iso(N - 3 * DAY)} is before openedAt ${iso(N - 2 * DAY)}`,
      ],
      [
        { changeId: 'nope' },
        `body.items.0.changeId: no change nope took effect in the 7 days before openedAt ${iso(N - 2 * DAY)}`,
      ],
      [{ severity: 'SEV 1' }, /^body\.items\.0\.severity: must be a lower-case severity/],
      [{ services: [] }, 'body.items.0.services: must name at least one service'],
      [{ openedAt: 'yesterday' }, /^body\.items\.0\.openedAt: must be RFC 3339/],
      [{ resolvedAt: undefined }, /^body\.items\.0\.resolvedAt: /],
    ])('%j', async (overrides, message) => {
      expect(await refused(one(overrides))).toMatch(message);
    });

    it('a change that took effect after the incident opened', async () => {
      expect(
        await refused(
          one({ openedAt: iso(N - 7 * DAY), resolvedAt: iso(N - 7 * DAY + HOUR), changeId: cart7.id }),
        ),
      ).toBe(
        `body.items.0.changeId: no change ${cart7.id} took effect in the 7 days before openedAt ${iso(N - 7 * DAY)}`,
      );
    });

    it('one external id twice, an unknown field, no source', async () => {
      const twice = one({});
      twice.items.push({ ...twice.items[0], title: 'again' } as (typeof twice.items)[number]);
      expect(await refused(twice)).toBe('body.items.1.externalId: "OG-1" is also items.0');
      expect(await refused(one({ cause: 'dns' }))).toMatch(/^body\.items\.0: Unrecognized key: "cause"/);
      expect(await refused({ items: one({}).items })).toMatch(/^body\.source: /);
    });

    it('nothing of a refused call is written, even its good items', async () => {
      const mixed = one({});
      mixed.items.push({
        ...one({}).items[0],
        externalId: 'OG-2',
        openedAt: iso(N + HOUR),
      } as (typeof mixed.items)[number]);
      expect(await refused(mixed)).toMatch(/^body\.items\.1\.openedAt: /);
      const list = await api<{ items: unknown[] }>('GET', '/api/v1/incidents?limit=500');
      expect(list.body.items).toHaveLength(3);
    });
  });

  it('files a call refused by its checks as failed, with the message', async () => {
    type AuditList = { items: Array<{ outcome: string; details: { error?: string } }> };
    const { body } = await api<AuditList>(
      'GET',
      '/api/v1/audit?action=import.incident&outcome=failed&limit=500',
    );
    expect(body.items.map((e) => e.details.error)).toContainEqual(
      `body.items.0.changeId: no change nope took effect in the 7 days before openedAt ${iso(N - 2 * DAY)}`,
    );
  });

  it('is for admins only: an operate token gets 403', async () => {
    const created = await api<{ secret: string }>('POST', '/api/v1/tokens', {
      name: 'ci',
      scope: 'operate',
      serviceAccount: true,
    });
    expect(created.status).toBe(201);
    const response = await api('POST', '/api/v1/imports/incidents', history(), created.body.secret);
    expect(response.status).toBe(403);
  });
});
