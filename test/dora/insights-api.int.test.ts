/**
 * `GET /api/v1/insights` on a history posted through the real API, on SQLite and PostgreSQL:
 * changes from CI (none through Cairn actions yet), and an incident opened by an Alertmanager
 * alert and resolved by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/modules/incidents/index.ts';
import type { Insights } from '../../src/modules/insights/index.ts';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';
import { type StateTarget, stateTargets } from '../support/state-dialects.ts';

const DAY = 24 * 3_600_000;

describe.each(await stateTargets())('GET /api/v1/insights on $dialect', (target) => {
  let state: StateTarget;
  let cairn: InProcessCairn;
  let incident: Incident;
  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
    const response = await cairn.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${cairn.adminToken}` },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, body: response.json() as T };
  };

  beforeAll(async () => {
    state = await target.create();
    cairn = await startInProcess(state.url ? { stateUrl: state.url } : {});
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
    for (const body of [
      { service: 'shop', kind: 'deploy', finishedAt: at(3) },
      { service: 'shop', kind: 'deploy', finishedAt: at(2), source: 'cli' },
      { service: 'shop', kind: 'config', finishedAt: at(2) },
      { service: 'shop', kind: 'infra', finishedAt: at(1) },
    ]) {
      expect((await api('POST', '/api/v1/changes', body)).status).toBe(201);
    }
    await api('POST', '/api/v1/integrations/alertmanager', {
      version: '4',
      groupKey: '{}:{alertname="ShopDown"}',
      status: 'firing',
      receiver: 'cairn',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am.example',
      truncatedAlerts: 0,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'ShopDown', service: 'shop', severity: 'critical' },
          annotations: { summary: 'ShopDown on shop' },
          startsAt: new Date().toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example/graph',
          fingerprint: 'shop-down',
        },
      ],
    });
    const list = await api<{ items: Array<{ id: string }> }>('GET', '/api/v1/incidents');
    const id = list.body.items[0]?.id ?? '';
    incident = (await api<Incident>('POST', `/api/v1/incidents/${id}/resolve`)).body;
  }, 120_000);

  afterAll(async () => {
    await cairn?.close();
    await state?.dispose();
  });

  it('counts adoption over deploys, rollbacks, scales and config, and MTTR per severity', async () => {
    const { status, body } = await api<Insights>('GET', '/api/v1/insights');
    expect(status).toBe(200);
    expect(body.adoption).toEqual({
      viaCairn: 0,
      all: 3,
      percent: 0,
      byKind: {
        deploy: { viaCairn: 0, all: 2, percent: 0 },
        rollback: { viaCairn: 0, all: 0, percent: null },
        scale: { viaCairn: 0, all: 0, percent: null },
        config: { viaCairn: 0, all: 1, percent: 0 },
      },
    });
    const mttrMs = Date.parse(incident.resolvedAt ?? '') - Date.parse(incident.startedAt);
    expect(body.mttr).toEqual({
      resolved: 1,
      medianMs: mttrMs,
      bySeverity: [{ severity: 'critical', resolved: 1, medianMs: mttrMs }],
    });
    expect(body.pagesPerWeek).toHaveLength(5);
    expect(body.pagesPerWeek.reduce((sum, week) => sum + week.pages, 0)).toBe(incident.paged ? 1 : 0);
  });

  it('answers 400 naming the field', async () => {
    const reversed = await api<{ error: { code: string; message: string } }>(
      'GET',
      '/api/v1/insights?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z',
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toBe(
      'query.from: 2030-01-02T00:00:00.000Z is not before to 2030-01-01T00:00:00.000Z',
    );
    const extra = await api('GET', '/api/v1/insights?window=30d');
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body)).toContain('window');
  });
});
