import { AttributeScan } from './attribute-scan.ts';
import type { AttributeLimits } from './otlp-model.ts';
import { ascii, SingularFields, WireCursor } from './wire-cursor.ts';

/** How a log body is written. */
export const BODY_EMPTY = 0;
export const BODY_STRING = 1;
export const BODY_INT = 2;
export const BODY_TRUE = 3;
export const BODY_FALSE = 4;

/**
 * Where one `LogRecord` message's fields lie in the request body, for records of the shape
 * `writeLogLine` writes directly; {@link LogScan.read} answers false for anything else. The direct
 * shape: ASCII strings; a body that is nothing, one ASCII string, an int (below 2^32) or a bool,
 * sent once; trace and span ids empty or of their lengths; a storable time; attributes as
 * {@link AttributeScan} takes them; each singular field once, every known field with its own wire
 * type, varints below 2^32.
 */
export class LogScan extends WireCursor {
  readonly attributes = new AttributeScan();
  private readonly recordFields = new SingularFields();
  /** The event time; after a successful read, the time the row gets (the observed time when unset). */
  timeLo = 0;
  timeHi = 0;
  observedLo = 0;
  observedHi = 0;
  severityNumber = 0;
  severityText = 0;
  severityTextEnd = 0;
  bodyKind = BODY_EMPTY;
  /** A string body's start, or an int body itself. */
  body = 0;
  bodyEnd = 0;
  flags = 0;
  traceId = 0;
  traceIdEnd = 0;
  spanId = 0;
  spanIdEnd = 0;
  eventName = 0;
  eventNameEnd = 0;

  /** Reads the record in `buf[start, end)`; false when it is not of the direct shape. */
  read(buf: Uint8Array, start: number, end: number, limits: AttributeLimits): boolean {
    this.buf = buf;
    this.at = start;
    this.timeLo = this.timeHi = this.observedLo = this.observedHi = 0;
    this.severityNumber = this.severityText = this.severityTextEnd = 0;
    this.bodyKind = BODY_EMPTY;
    this.body = this.bodyEnd = this.flags = 0;
    this.traceId = this.traceIdEnd = this.spanId = this.spanIdEnd = 0;
    this.eventName = this.eventNameEnd = this.attributes.count = 0;
    this.recordFields.reset();
    while (this.at < end) {
      const key = this.key(end);
      if (key < 0) return false;
      const wire = key & 7;
      const field = key >>> 3;
      // Every field read here is singular but the attributes (6).
      if (field <= 12 && field !== 6 && !this.recordFields.first(field)) return false;
      switch (field) {
        case 1:
        case 11: {
          if (wire !== 1 || this.at + 8 > end) return false;
          const lo = this.uint32(this.at);
          const hi = this.uint32(this.at + 4);
          this.at += 8;
          if (field === 1) {
            this.timeLo = lo;
            this.timeHi = hi;
          } else {
            this.observedLo = lo;
            this.observedHi = hi;
          }
          break;
        }
        case 2:
          if (wire !== 0) return false;
          this.severityNumber = this.varint(end);
          if (this.severityNumber < 0) return false;
          break;
        case 3:
          if (wire !== 2 || !this.range(end)) return false;
          this.severityText = this.rangeStart;
          this.severityTextEnd = this.at;
          break;
        case 5:
          if (wire !== 2 || !this.range(end)) return false;
          if (!this.readBody(this.rangeStart, this.at)) return false;
          break;
        case 6:
          if (wire !== 2 || !this.range(end)) return false;
          if (!this.attributes.read(this, this.rangeStart, this.at, limits)) return false;
          break;
        case 7:
          if (wire !== 0 || this.varint(end) < 0) return false;
          break;
        case 8:
          if (wire !== 5 || this.at + 4 > end) return false;
          this.flags = this.uint32(this.at);
          this.at += 4;
          break;
        case 9:
          if (wire !== 2 || !this.range(end)) return false;
          this.traceId = this.rangeStart;
          this.traceIdEnd = this.at;
          break;
        case 10:
          if (wire !== 2 || !this.range(end)) return false;
          this.spanId = this.rangeStart;
          this.spanIdEnd = this.at;
          break;
        case 12:
          if (wire !== 2 || !this.range(end)) return false;
          this.eventName = this.rangeStart;
          this.eventNameEnd = this.at;
          break;
        default:
          if (!this.skip(wire, end)) return false;
      }
    }
    return this.at === end && this.checked();
  }

  private checked(): boolean {
    // The row's time: the event time, or the observed time when it is unset.
    if (this.timeLo === 0 && this.timeHi === 0) {
      this.timeLo = this.observedLo;
      this.timeHi = this.observedHi;
    }
    const buf = this.buf;
    const traceLength = this.traceIdEnd - this.traceId;
    const spanLength = this.spanIdEnd - this.spanId;
    if ((traceLength !== 0 && traceLength !== 16) || (spanLength !== 0 && spanLength !== 8)) return false;
    // Past 2^63 - 1 ns DateTime64(9) cannot hold the time.
    if (this.timeHi > 0x7fffffff) return false;
    if (this.bodyKind === BODY_STRING && !ascii(buf, this.body, this.bodyEnd)) return false;
    return (
      ascii(buf, this.severityText, this.severityTextEnd) && ascii(buf, this.eventName, this.eventNameEnd)
    );
  }

  /** An `AnyValue` body in `buf[start, end)`: nothing, or one string, int or bool. */
  private readBody(start: number, end: number): boolean {
    const resume = this.at;
    if (start === end) return true;
    this.at = start;
    const key = this.key(end);
    if (key === 0x0a) {
      if (!this.range(end) || this.at !== end) return false;
      this.bodyKind = BODY_STRING;
      this.body = this.rangeStart;
      this.bodyEnd = this.at;
    } else if (key === 0x10 || key === 0x18) {
      const n = this.varint(end);
      if (n < 0 || this.at !== end) return false;
      this.bodyKind = key === 0x18 ? BODY_INT : n === 0 ? BODY_FALSE : BODY_TRUE;
      this.body = n;
    } else return false;
    this.at = resume;
    return true;
  }
}
