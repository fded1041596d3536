import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

describe('cairn alert test', () => {
  let cairn: CairnProcess;
  let mattermost: WebhookReceiver;
  beforeAll(async () => {
    mattermost = await startWebhookReceiver();
    cairn = await startCairn({ env: { CAIRN_MATTERMOST_URL: mattermost.url } });
  }, 60_000);
  afterAll(async () => {
    await cairn?.stop();
    await mattermost?.close();
  });

  it('fires a sample alert that opens a paged incident, then resolves it', async () => {
    const env = { CAIRN_URL: cairn.url, CAIRN_TOKEN: cairn.adminToken };
    const fired = await runCairn(['alert', 'test', '--service', 'demo'], env);
    expect(fired).toMatchObject({ code: 0, stderr: '' });
    expect(fired.stdout).toBe('Fired CairnTestAlert on demo (critical): 1 recorded, 0 duplicate\n');
    const headers = { authorization: `Bearer ${cairn.adminToken}` };
    const { items } = (await (await fetch(`${cairn.url}/api/v1/incidents`, { headers })).json()) as {
      items: Array<{ title: string; paged: boolean; services: string[] }>;
    };
    expect(items).toEqual([
      expect.objectContaining({
        title: 'Test alert from cairn alert test on demo',
        paged: true,
        services: ['demo'],
      }),
    ]);
    // Started on --port 0: the page links to the port the server actually bound.
    const [page] = await mattermost.waitFor(1);
    expect(JSON.stringify(page?.body)).toContain(`${cairn.url}/incidents/`);
    const resolved = await runCairn(['alert', 'test', '--service', 'demo', '--resolve'], env);
    expect(resolved.stdout).toBe('Resolved CairnTestAlert on demo (critical): 1 recorded, 0 duplicate\n');
    const missing = await runCairn(['alert', 'test', '--service', 'other', '--resolve'], env);
    expect(missing).toMatchObject({ code: 1, stderr: 'cairn: no firing test alert for service other\n' });
  });
});
