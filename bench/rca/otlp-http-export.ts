/** Where OTLP/HTTP requests go: a Cairn's base URL and a token with the `ingest` scope. */
export interface OtlpTarget {
  url: string;
  token: string;
}

export type OtlpSignal = 'traces' | 'logs' | 'metrics';

/**
 * Requests in flight at once: enough to keep decoding, encoding and the store's insert overlapping,
 * few enough that Cairn's write queue never fills (a 503 would fail the replay).
 */
const CONCURRENT_REQUESTS = 3;

/**
 * Splits `records` into request-sized batches: at most `maxRecords` each, and at most `maxChars` of
 * `charsOf` (an estimate of a record's encoded size) so a batch of long log lines stays well under
 * Cairn's request size limit (server.maxBodyBytes, 16 MiB by default).
 */
export function batchesOf<T>(
  records: readonly T[],
  maxRecords: number,
  maxChars = Number.POSITIVE_INFINITY,
  charsOf: (record: T) => number = () => 0,
): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let chars = 0;
  for (const record of records) {
    const size = charsOf(record);
    if (batch.length > 0 && (batch.length >= maxRecords || chars + size > maxChars)) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(record);
    chars += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * POSTs each batch, encoded by `encode` as an OTLP/JSON export request, to `/v1/<signal>`, a few at
 * a time. Throws on the first answer that is not 2xx, or that reports records refused or trimmed
 * (`partialSuccess`): a replay that stored less than it read would score a different dataset.
 * `progress` gets the number of records stored so far after each request.
 */
export async function exportBatches<T>(
  target: OtlpTarget,
  signal: OtlpSignal,
  batches: readonly (readonly T[])[],
  encode: (batch: readonly T[]) => object,
  progress: (stored: number) => void,
): Promise<void> {
  let next = 0;
  let stored = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < batches.length) {
      const index = next++;
      const batch = batches[index] ?? [];
      try {
        await post(target, signal, JSON.stringify(encode(batch)), `batch ${index + 1}/${batches.length}`);
      } catch (error) {
        failed = true;
        throw error;
      }
      stored += batch.length;
      progress(stored);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_REQUESTS, batches.length) }, worker));
}

async function post(target: OtlpTarget, signal: OtlpSignal, body: string, label: string): Promise<void> {
  const res = await fetch(`${target.url}/v1/${signal}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  if (res.status < 200 || res.status > 299)
    throw new Error(`POST /v1/${signal} (${label}) answered ${res.status}: ${text}`);
  // A full success is `{}`; anything in partialSuccess means records were refused or trimmed.
  const answer: unknown = text === '' ? {} : JSON.parse(text);
  if (typeof answer === 'object' && answer !== null && 'partialSuccess' in answer)
    throw new Error(`POST /v1/${signal} (${label}) stored only part of the request: ${text}`);
}
