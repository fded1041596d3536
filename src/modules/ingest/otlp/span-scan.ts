import { AttributeScan } from './attribute-scan.ts';
import type { AttributeLimits } from './otlp-model.ts';
import { allZero, ascii, SingularFields, WireCursor } from './wire-cursor.ts';

/**
 * Where one `Span` message's fields lie in the request body, read without building a string, for
 * spans of the shape `writeSpanLine` writes directly. {@link SpanScan.read} answers false for
 * anything else, leaving the span to the general decoder, which validates, names errors and applies
 * the attribute limits. The direct shape:
 * - every string (name, trace state, status message, attributes) is ASCII;
 * - ids have their lengths (16, 8, and 0 or 8 bytes), and neither trace nor span id is all zeros;
 * - times fit DateTime64(9); kind and status code are known enum values;
 * - no events and no links;
 * - attributes as {@link AttributeScan} takes them;
 * - each singular field once, every known field with its own wire type, varints below 2^32.
 */
export class SpanScan extends WireCursor {
  readonly attributes = new AttributeScan();
  private readonly spanFields = new SingularFields();
  private readonly statusFields = new SingularFields();
  traceId = 0;
  traceIdEnd = 0;
  spanId = 0;
  spanIdEnd = 0;
  parentId = 0;
  parentIdEnd = 0;
  traceState = 0;
  traceStateEnd = 0;
  name = 0;
  nameEnd = 0;
  kind = 0;
  startLo = 0;
  startHi = 0;
  endLo = 0;
  endHi = 0;
  statusCode = 0;
  statusMessage = 0;
  statusMessageEnd = 0;

  /** Reads the span in `buf[start, end)`; false when it is not of the direct shape. */
  read(buf: Uint8Array, start: number, end: number, limits: AttributeLimits): boolean {
    this.buf = buf;
    this.at = start;
    this.traceId = this.traceIdEnd = this.spanId = this.spanIdEnd = 0;
    this.parentId = this.parentIdEnd = this.traceState = this.traceStateEnd = 0;
    this.name = this.nameEnd = this.statusMessage = this.statusMessageEnd = 0;
    this.kind = this.statusCode = this.attributes.count = 0;
    this.startLo = this.startHi = this.endLo = this.endHi = 0;
    this.spanFields.reset();
    while (this.at < end) {
      const key = this.key(end);
      if (key < 0) return false;
      const wire = key & 7;
      const field = key >>> 3;
      // Every field read here is singular but the attributes (9).
      if (field <= 15 && field !== 9 && !this.spanFields.first(field)) return false;
      switch (field) {
        case 1:
          if (wire !== 2 || !this.range(end)) return false;
          this.traceId = this.rangeStart;
          this.traceIdEnd = this.at;
          break;
        case 2:
          if (wire !== 2 || !this.range(end)) return false;
          this.spanId = this.rangeStart;
          this.spanIdEnd = this.at;
          break;
        case 3:
          if (wire !== 2 || !this.range(end)) return false;
          this.traceState = this.rangeStart;
          this.traceStateEnd = this.at;
          break;
        case 4:
          if (wire !== 2 || !this.range(end)) return false;
          this.parentId = this.rangeStart;
          this.parentIdEnd = this.at;
          break;
        case 5:
          if (wire !== 2 || !this.range(end)) return false;
          this.name = this.rangeStart;
          this.nameEnd = this.at;
          break;
        case 6:
          if (wire !== 0) return false;
          this.kind = this.varint(end);
          if (this.kind < 0 || this.kind > 5) return false;
          break;
        case 7:
          if (wire !== 1 || this.at + 8 > end) return false;
          this.startLo = this.uint32(this.at);
          this.startHi = this.uint32(this.at + 4);
          this.at += 8;
          break;
        case 8:
          if (wire !== 1 || this.at + 8 > end) return false;
          this.endLo = this.uint32(this.at);
          this.endHi = this.uint32(this.at + 4);
          this.at += 8;
          break;
        case 9:
          if (wire !== 2 || !this.range(end)) return false;
          if (!this.attributes.read(this, this.rangeStart, this.at, limits)) return false;
          break;
        case 11: // events
        case 13: // links
          return false;
        case 15:
          if (wire !== 2 || !this.range(end) || !this.status(this.rangeStart, this.at)) return false;
          break;
        default:
          if (!this.skip(wire, end)) return false;
      }
    }
    return this.at === end && this.checked();
  }

  /** The ids, times and strings read hold what the direct shape needs. */
  private checked(): boolean {
    const buf = this.buf;
    if (this.traceIdEnd - this.traceId !== 16 || this.spanIdEnd - this.spanId !== 8) return false;
    const parentLength = this.parentIdEnd - this.parentId;
    if (parentLength !== 0 && parentLength !== 8) return false;
    if (allZero(buf, this.traceId, this.traceIdEnd) || allZero(buf, this.spanId, this.spanIdEnd))
      return false;
    // Past 2^63 - 1 ns DateTime64(9) cannot hold the time.
    if (this.startHi > 0x7fffffff || this.endHi > 0x7fffffff) return false;
    return (
      ascii(buf, this.traceState, this.traceStateEnd) &&
      ascii(buf, this.name, this.nameEnd) &&
      ascii(buf, this.statusMessage, this.statusMessageEnd)
    );
  }

  /** A `Status` in `buf[start, end)`. */
  private status(start: number, end: number): boolean {
    const resume = this.at;
    this.at = start;
    this.statusFields.reset();
    while (this.at < end) {
      const key = this.key(end);
      const field = key >>> 3;
      if ((field === 2 || field === 3) && !this.statusFields.first(field)) return false;
      if (field === 2) {
        if (key !== 0x12 || !this.range(end)) return false;
        this.statusMessage = this.rangeStart;
        this.statusMessageEnd = this.at;
      } else if (field === 3) {
        if (key !== 0x18) return false;
        this.statusCode = this.varint(end);
        if (this.statusCode < 0 || this.statusCode > 2) return false;
      } else if (key < 0 || !this.skip(key & 7, end)) return false;
    }
    this.at = resume;
    return true;
  }
}
