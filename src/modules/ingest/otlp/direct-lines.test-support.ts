/**
 * What span-lines.test.ts and log-lines.test.ts share: the limits they run under, an outcome that
 * is a value or the message thrown, and requests damaged the ways a bad sender damages them.
 */
import fc from 'fast-check';
import { encodeJsonEachRow } from '../../../stores/telemetry/index.ts';
import { AttributeCollector, type AttributeLimits } from './otlp-model.ts';
import type { EncodedRows, RowSet } from './trace-log-rows.ts';

// Small limits, so that dropping and cutting attributes is exercised too.
export const SMALL_LIMITS: AttributeLimits = { maxAttributes: 4, maxValueLength: 10 };
export const DEFAULT_LIMITS: AttributeLimits = { maxAttributes: 128, maxValueLength: 16384 };

/**
 * The two ways a request becomes otel_* text, compared by the tests: `general` decodes into rows
 * and JSON.stringify's them, `direct` is what ingest runs. Each gives the text, counts, reasons
 * and attribute statistics.
 */
export function bothPaths(
  decodeRows: (bytes: Uint8Array, attrs: AttributeCollector) => RowSet,
  encode: (bytes: Uint8Array, attrs: AttributeCollector) => EncodedRows,
) {
  return {
    general(bytes: Uint8Array, limits: AttributeLimits) {
      const attrs = new AttributeCollector(limits);
      const set = decodeRows(bytes, attrs);
      return {
        text: encodeJsonEachRow(set.rows),
        rows: set.rows.length,
        rejected: set.rejected,
        reasons: set.reasons,
        stats: attrs.stats,
      };
    },
    direct(bytes: Uint8Array, limits: AttributeLimits) {
      const attrs = new AttributeCollector(limits);
      const encoded = encode(bytes, attrs);
      return { ...encoded, text: Buffer.from(encoded.text).toString('utf8'), stats: attrs.stats };
    },
  };
}

/** The outcome of `run`: its value, or the message it threw. */
export function outcome<T>(run: () => T): T | { threw: string } {
  try {
    return run();
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

/**
 * Requests of `valid` with one byte replaced, its low three bits flipped (on a field key, that is
 * the wire type), the request cut short there, or a field appended whose five-byte key is field 0
 * in its low 32 bits.
 */
export function damaged(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(valid, fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('set', 'wire', 'cut', 'long-key'))
    .filter(([bytes]) => bytes.length > 0)
    .map(([bytes, at, value, how]) => {
      const copy = bytes.slice();
      const i = at % copy.length;
      if (how === 'cut') return copy.subarray(0, i);
      if (how === 'long-key') return Uint8Array.from([...copy, 0x82, 0x80, 0x80, 0x80, 0x10, 0x00]);
      copy[i] = how === 'set' ? value : (copy[i] as number) ^ (1 + (value % 7));
      return copy;
    });
}
