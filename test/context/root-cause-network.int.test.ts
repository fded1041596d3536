import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../src/modules/context/index.ts';
import type { TelemetryStore } from '../../src/stores/telemetry/index.ts';
import { scenarioStoresForThisFile } from './telemetry-scenario-stores.ts';
import { traceRows } from './trace-rows.ts';

// Real chDB, one database per scenario: network faults on one service, as tc netem makes them.
const freshStore = scenarioStoresForThisFile();

const onset = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
const at = new Date(onset.getTime() + 5 * 60_000);

interface Trouble {
  /** Extra ms on the wire of every call into `inventory` after onset (its ingress delayed). */
  delayMs?: number;
  /** After onset, `inventory` is down: calls to it are refused at once, with no server span. */
  down?: boolean;
}

/**
 * gateway → (orders | search) → inventory, one request every 5 s from 20 min before onset to 5 min
 * after, alternating orders and search; orders also calls pricing. Every call is a client span in
 * the caller with the callee's server span under it; the callee's own work never changes.
 */
async function writeShop(store: TelemetryStore, trouble: Trouble): Promise<void> {
  const spans: Record<string, unknown>[] = [];
  for (let t = -20 * 60_000, n = 1; t < 5 * 60_000; t += 5_000, n++) {
    const start = onset.getTime() + t;
    const after = t >= 0;
    const span = traceRows(spans, n, start);
    const jitter = (n % 7) * 0.1;
    const middle = n % 2 === 0 ? 'orders' : 'search';
    const wire = 1 + jitter + (after ? (trouble.delayMs ?? 0) : 0);
    const refused = after && trouble.down === true;
    const inventoryMs = 4 + jitter;
    const callMs = refused ? 1 : inventoryMs + wire;
    const pricingMs = middle === 'orders' ? 3 + jitter + 1 : 0;
    const middleMs = 2 + callMs + pricingMs;
    span(1, 0, 'gateway', 'GET /buy', 'Server', 0, middleMs + 3, refused);
    span(2, 1, 'gateway', `call ${middle}`, 'Client', 1, middleMs + 1, refused);
    span(3, 2, middle, `serve ${middle}`, 'Server', 1.5, middleMs, refused);
    span(4, 3, middle, 'call inventory', 'Client', 2, callMs, refused);
    if (!refused) span(5, 4, 'inventory', 'serve inventory', 'Server', 2 + wire / 2, inventoryMs);
    if (middle === 'orders') {
      span(6, 3, middle, 'call pricing', 'Client', 2 + callMs, pricingMs);
      span(7, 6, 'pricing', 'serve pricing', 'Server', 2.5 + callMs, pricingMs - 1);
    }
  }
  await store.insert('otel_traces', spans);
}

describe('network faults in the root-cause ranking', () => {
  it('names the service whose inbound calls all slowed on the wire, and clears the callers', async () => {
    const store = await freshStore('ingress_delay');
    await writeShop(store, { delayMs: 300 });

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['gateway'], at });

    expect(result.rootCauseServices.map((r) => r.service)).toEqual(['inventory']);
    expect(result.rootCauseServices[0]?.reasons[0]).toBe(
      'inventory: calls into inventory from 2 callers took +300 ms on the wire after onset; its own spans did not ' +
        "slow (from orders, search; client span minus inventory's server span, median) — 2 of its 2 active call " +
        "edges changed (a caller's " +
        "or callee's own trouble would change only the edge it shares with it)",
    );
  });

  it('blames refused calls with no server span on the service they could not reach', async () => {
    const store = await freshStore('refused');
    await writeShop(store, { down: true });

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['gateway'], at });

    expect(result.rootCauseServices[0]?.service).toBe('inventory');
    expect(result.rootCauseServices[0]?.reasons[0]).toBe(
      'inventory: 60 calls into inventory from 2 callers (orders, search) failed after onset with no failing ' +
        "span of inventory under them (0 in baseline) — 2 of its 2 active call edges changed (a caller's or " +
        "callee's own trouble would change only the edge it shares with it)",
    );
    // The callers only passed the refused calls on.
    expect(result.rootCauseServices.map((r) => r.service)).not.toContain('orders');
    expect(result.rootCauseServices.map((r) => r.service)).not.toContain('search');
  });

  it('ranks nothing when nothing changed', async () => {
    const store = await freshStore('quiet');
    await writeShop(store, {});

    const result = await rankRootCauses({ telemetry: store }, { onset, services: ['gateway'], at });

    expect(result.rootCauseServices).toEqual([]);
  });
});
