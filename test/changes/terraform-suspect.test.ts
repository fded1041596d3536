/**
 * A Terraform change on a dependency, minutes before onset, is a suspect with its reasons: the
 * change comes out of the Terraform parser and goes into the incident context's suspect ranking.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/modules/changes/index.ts';
import { changeParsers } from '../../src/modules/changes/parsers/index.ts';
import { rankSuspects } from '../../src/modules/context/incident-context/rank-suspects.ts';
import type { RedMinute } from '../../src/modules/context/incident-context/red-minutes.store.ts';
import { buildNeighbourhood } from '../../src/modules/context/incident-context/service-neighbourhood.ts';

const MINUTE_S = 60;
const T0_S = Math.floor(Date.now() / 1000 / MINUTE_S) * MINUTE_S - 3600;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The database parameter group of payment (checkout's callee) updated at `atSeconds`. */
function parameterGroupChange(atSeconds: number): Change {
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.8',
    timestamp: iso(atSeconds),
    resource_changes: [
      {
        address: 'module.payment_db.aws_db_parameter_group.main',
        module_address: 'module.payment_db',
        type: 'aws_db_parameter_group',
        change: {
          actions: ['update'],
          before: { tags: { 'cairn.dev/service': 'payment' } },
          after: { tags: { 'cairn.dev/service': 'payment' } },
        },
      },
    ],
  };
  const [outcome] = changeParsers.terraform({
    payload: plan,
    context: { workspace: 'shop-prod', author: 'grace' },
  });
  if (!outcome || !('change' in outcome)) throw new Error('the plan was not recorded');
  const parsed = outcome.change;
  expect(parsed.target).toEqual({ by: 'name', name: 'payment' });
  // What the change service stores for it (the catalog knows payment).
  return {
    id: 'tf-1',
    service: 'payment',
    mapped: true,
    sourceRef: null,
    source: parsed.source,
    environment: parsed.environment,
    kind: parsed.kind,
    version: parsed.version,
    previousVersion: null,
    revision: null,
    commits: [],
    author: parsed.author,
    status: parsed.status,
    startedAt: parsed.startedAt,
    finishedAt: parsed.finishedAt,
    at: parsed.finishedAt ?? iso(atSeconds),
    url: null,
    description: parsed.description,
    recordedAt: iso(atSeconds),
  };
}

/** Healthy until `fromMinute`, then 30 % errors. */
function red(service: string, fromMinute: number): RedMinute[] {
  return Array.from({ length: 30 }, (_, i) => ({
    service,
    t: T0_S + i * MINUTE_S,
    calls: 100,
    errors: i >= fromMinute ? 30 : 0,
    p99Ms: 200,
  }));
}

describe('a Terraform change in the incident context', () => {
  it('is a suspect with its reasons when a dependency’s database parameter group changed minutes before onset', () => {
    const change = parameterGroupChange(T0_S + 15 * MINUTE_S);
    expect(change).toMatchObject({
      kind: 'infra',
      source: 'terraform',
      status: 'succeeded',
      author: 'grace',
    });
    const [suspect, ...others] = rankSuspects({
      changes: [change],
      onset: new Date((T0_S + 18 * MINUTE_S) * 1000),
      at: new Date((T0_S + 29 * MINUTE_S) * 1000),
      neighbourhood: buildNeighbourhood(['checkout'], [['checkout', 'payment']], ['checkout']),
      red: new Map([
        ['checkout', red('checkout', 16)],
        ['payment', red('payment', 16)],
      ]),
      telemetryName: (service) => service,
      rootCauseServices: [
        { service: 'payment', score: 0.9, reasons: [] },
        { service: 'checkout', score: 0.6, reasons: [] },
      ],
      templates: [],
    });
    expect(others).toEqual([]);
    expect(suspect?.change.id).toBe('tf-1');
    expect(suspect?.reasons).toEqual([
      'infra payment terraform 1.9.8 took effect 3 min before onset',
      'infrastructure change (payment): it can affect every service',
      'error rate or p99 shifted within 10 min after it on 2 of 2 services around the incident, each with an anomaly of its own: checkout, payment',
    ]);
    expect(suspect?.score).toBeGreaterThan(0.4);
  });
});
