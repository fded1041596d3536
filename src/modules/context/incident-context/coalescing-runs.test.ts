import { describe, expect, it } from 'vitest';
import { createCoalescingRuns } from './coalescing-runs.ts';

/** A run that finishes only when the test says so, recording what it was started with. */
function controlledRuns() {
  const started: Array<{ key: string; flag: boolean; finish: (value: string) => void }> = [];
  const run = (key: string, flag: boolean) =>
    new Promise<string>((resolve) => {
      started.push({ key, flag, finish: resolve });
    });
  return { started, run };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescing runs', () => {
  it('runs a burst of requests as the one in flight plus one follow-up', async () => {
    const { started, run } = controlledRuns();
    const runs = createCoalescingRuns(run);
    const first = runs.request('a', false);
    const second = runs.request('a', false);
    const third = runs.request('a', false);
    expect(started).toHaveLength(1);
    expect(second).toBe(third);
    started[0]?.finish('one');
    expect(await first).toBe('one');
    await settle();
    expect(started).toHaveLength(2);
    started[1]?.finish('two');
    expect(await second).toBe('two');
  });

  it('keeps running after a request arrives while a follow-up is in flight', async () => {
    // The chain must not stop at the second level: a key whose follow-up itself had a follow-up
    // used to stay "busy" forever, so every later request got the old answer back and nothing ran.
    const { started, run } = controlledRuns();
    const runs = createCoalescingRuns(run);
    void runs.request('a', false);
    const followUp = runs.request('a', false);
    started[0]?.finish('one');
    await settle();
    expect(started).toHaveLength(2);
    const nextFollowUp = runs.request('a', false);
    expect(nextFollowUp).not.toBe(followUp);
    started[1]?.finish('two');
    expect(await followUp).toBe('two');
    await settle();
    expect(started).toHaveLength(3);
    started[2]?.finish('three');
    expect(await nextFollowUp).toBe('three');
    await settle();

    const later = runs.request('a', false);
    await settle();
    expect(started).toHaveLength(4);
    started[3]?.finish('four');
    expect(await later).toBe('four');
    await settle();
    expect(runs.inFlight('a')).toBeUndefined();
  });

  it('runs a follow-up with the flag any of its requests asked for', async () => {
    const { started, run } = controlledRuns();
    const runs = createCoalescingRuns(run);
    void runs.request('a', false);
    void runs.request('a', false);
    const snapshot = runs.request('a', true);
    void runs.request('a', false);
    started[0]?.finish('refresh');
    await settle();
    expect(started.map((s) => s.flag)).toEqual([false, true]);
    started[1]?.finish('snapshot');
    expect(await snapshot).toBe('snapshot');
  });

  it('starts the follow-up after a failed run, and keeps keys apart', async () => {
    const calls: string[] = [];
    const runs = createCoalescingRuns(async (key: string) => {
      calls.push(key);
      if (calls.length === 1) throw new Error('store hiccup');
      return key;
    });
    const failed = runs.request('a', false);
    const followUp = runs.request('a', false);
    const other = runs.request('b', false);
    await expect(failed).rejects.toThrow('store hiccup');
    expect(await followUp).toBe('a');
    expect(await other).toBe('b');
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('shares the queued follow-up, else the run in flight, with inFlight', async () => {
    const { started, run } = controlledRuns();
    const runs = createCoalescingRuns(run);
    expect(runs.inFlight('a')).toBeUndefined();
    const first = runs.request('a', false);
    expect(runs.inFlight('a')).toBe(first);
    const followUp = runs.request('a', false);
    expect(runs.inFlight('a')).toBe(followUp);
    started[0]?.finish('one');
    await settle();
    started[1]?.finish('two');
    await followUp;
    await settle();
    expect(runs.inFlight('a')).toBeUndefined();
  });
});
