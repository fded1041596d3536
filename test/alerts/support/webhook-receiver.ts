import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  posts: ReceivedPost[];
  /** The next `count` posts are answered with `status` (then 200 again). */
  failNext(count: number, status: number): void;
  /** Resolves once `count` posts arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

/**
 * A local stand-in for a Mattermost/Slack incoming webhook: they are outbound HTTP posts, so a
 * server that records them is the real protocol. Failed answers are recorded too.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 200 };
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        response.writeHead(failures.status).end('failing on purpose');
        return;
      }
      // Test senders post JSON objects only.
      posts.push({ path: request.url ?? '/', body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Listening on a TCP port, so the address is an AddressInfo.
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/test`,
    posts,
    failNext: (count, status) => {
      failures = { count, status };
    },
    waitFor: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (posts.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} posts, got ${posts.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return posts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
