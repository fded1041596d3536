/**
 * The OTLP senders of `bench/ingest.bench.ts`, on a worker thread: exporters are other processes in
 * production, so their HTTP client work must not run on the event loop of the Cairn being measured.
 * Each message is one batch of request bodies to send with `concurrency` senders; the answer is the
 * seconds it took, or the first failure.
 */

import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';

export interface SendBatch {
  url: string;
  token: string;
  concurrency: number;
  bodies: Uint8Array[];
}

export type SendOutcome = { seconds: number } | { error: string };

const agent = new Agent({ keepAlive: true });

/** POSTs one body; resolves with the status once the whole answer has been read. */
function post(url: string, token: string, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/x-protobuf',
          'content-length': body.byteLength,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function sendAll({ url, token, concurrency, bodies }: SendBatch): Promise<number> {
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    for (let body = bodies[next++]; body !== undefined; body = bodies[next++]) {
      const status = await post(url, token, body);
      if (status !== 200) throw new Error(`export answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return (performance.now() - started) / 1000;
}

parentPort?.on('message', (batch: SendBatch) => {
  sendAll(batch).then(
    (seconds) => parentPort?.postMessage({ seconds } satisfies SendOutcome),
    (error: unknown) => parentPort?.postMessage({ error: String(error) } satisfies SendOutcome),
  );
});
