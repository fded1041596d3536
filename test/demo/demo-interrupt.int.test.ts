import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DemoProcess, startDemo } from './demo-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-demo-interrupt-'));
let demo: DemoProcess | undefined;

afterAll(async () => {
  await demo?.stop('SIGKILL');
});

describe('cairn demo interrupted while it starts', () => {
  it('stops cleanly on Ctrl-C during the replay of the last 15 minutes and exits 0', async () => {
    demo = await startDemo(['--speed', '3', '--rps', '20', '--seed', '7'], dataDir);
    // The replay posts minutes of shop traffic before the shop goes live: Ctrl-C lands inside it.
    await demo.waitFor('replaying the last 15 minutes of shop traffic', 60_000);
    expect(demo.output()).not.toContain('shop running:');
    const code = await demo.stop('SIGINT');
    expect({ code, signal: demo.child.signalCode }).toEqual({ code: 0, signal: null });
    // A clean stop removes the owner record, so the next start finds the data dir free.
    expect(existsSync(join(dataDir, 'cairn.pid'))).toBe(false);
    expect(demo.output()).not.toContain('could not start');
  }, 150_000);
});
