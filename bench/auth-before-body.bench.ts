/**
 * What an unauthenticated client sending 16 MiB bodies costs: authentication runs on the headers,
 * so the 401 comes before the body is read. Measured over real HTTP on loopback against the whole
 * server: refusals of announced 16 MiB OTLP bodies without a token (only 1 KiB is ever sent)
 * against the same-run baseline of GET /healthz, and, for contrast, an authenticated 16 MiB body
 * that is read and parsed (a 400 for invalid JSON).
 */
import { startListeningCairn } from '../test/ingest/ingest-harness.ts';
import { answerBeforeBody } from '../test/robustness/raw-http.ts';
import { measureRate, numberArg, report } from './bench-kit.ts';

const requests = numberArg('requests', 400);
const concurrency = numberArg('concurrency', 8);
const SIXTEEN_MIB = 16 * 1024 * 1024;

const cairn = await startListeningCairn();
try {
  const refuse = async () => {
    const answer = await answerBeforeBody(cairn.url, {
      method: 'POST',
      path: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      contentLength: SIXTEEN_MIB,
    });
    if (answer.status !== 401) throw new Error(`expected 401, got ${answer.status}`);
  };
  const health = async () => {
    const response = await fetch(`${cairn.url}/healthz`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
  };
  const junk = Buffer.alloc(SIXTEEN_MIB - 1, 0x20);
  const parsed = async () => {
    const response = await fetch(`${cairn.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: cairn.auth, 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{'), junk]),
    });
    await response.arrayBuffer();
    if (response.status !== 400) throw new Error(`expected 400, got ${response.status}`);
  };
  await measureRate(50, concurrency, refuse); // warm-up
  await measureRate(50, concurrency, health);
  const baseline = await measureRate(requests, concurrency, health);
  const refused = await measureRate(requests, concurrency, refuse);
  const read = await measureRate(Math.max(8, Math.round(requests / 40)), 2, parsed);
  report(
    { name: 'unauthenticated 16 MiB POST /v1/traces refused (401)', value: refused, unit: 'req/s' },
    { name: 'GET /healthz', value: baseline, unit: 'req/s' },
    '>= 0.5x (a header check)',
  );
  report(
    { name: 'unauthenticated 16 MiB refused on its headers', value: refused, unit: 'req/s' },
    { name: 'authenticated 16 MiB body read and parsed (400)', value: read, unit: 'req/s' },
    '>> 1x (what each refusal would cost if the body were read first)',
  );
} finally {
  await cairn.close();
}
