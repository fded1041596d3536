import { describe, expect, it } from 'vitest';
import { decidePaging } from './paging-policy.ts';
import { createStaticTopology } from './topology.ts';

const base = {
  severity: 'warning',
  source: 'alertmanager',
  flapping: false,
  silenced: false,
  entryPoint: false,
};

describe('paging policy', () => {
  it.each([
    [{ severity: 'critical' }, 'now'],
    [{ severity: 'critical', source: 'slo' }, 'now'],
    [{ severity: 'warning', source: 'slo' }, 'never'],
    [{ severity: 'warning', entryPoint: true }, 'hold'],
    [{ severity: 'warning' }, 'never'],
    [{ severity: 'info', entryPoint: true }, 'never'],
    [{ severity: 'critical', flapping: true }, 'never'],
    [{ severity: 'critical', silenced: true }, 'never'],
  ])('%o → %s', (input, expected) => {
    expect(decidePaging({ ...base, ...input })).toBe(expected);
  });
});

describe('graph topology', () => {
  const topology = createStaticTopology({
    edges: [
      ['web', 'checkout'],
      ['checkout', 'payments'],
      ['payments', 'ledger'],
      ['search', 'index'],
    ],
    entryPoints: ['web'],
  });

  it('finds services within two hops in either direction, excluding the service itself', async () => {
    expect([...(await topology.neighbours('payments', 2))].sort()).toEqual(['checkout', 'ledger', 'web']);
    expect([...(await topology.neighbours('ledger', 2))].sort()).toEqual(['checkout', 'payments']);
    expect([...(await topology.neighbours('ledger', 1))]).toEqual(['payments']);
    expect(await topology.neighbours('unknown', 2)).toEqual(new Set());
  });

  it('knows the entry points', async () => {
    expect(await topology.isEntryPoint('web')).toBe(true);
    expect(await topology.isEntryPoint('payments')).toBe(false);
  });
});
