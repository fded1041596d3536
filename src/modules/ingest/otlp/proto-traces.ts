import {
  DecodeError,
  expectWire,
  fieldOf,
  type ProtoReader,
  WIRE_BYTES,
  WIRE_FIXED64,
  WIRE_VARINT,
  within,
} from '../protobuf/proto-reader.ts';
import type {
  AttributeCollector,
  SpanEventModel,
  SpanLinkModel,
  SpanModel,
  TracesRequest,
} from './otlp-model.ts';
import { AttributeReader, readEnvelope, readId } from './proto-common.ts';

/** Decodes an `ExportTraceServiceRequest`; throws `DecodeError` naming the field on malformed input. */
export function decodeTracesProto(body: Uint8Array, attrs: AttributeCollector): TracesRequest {
  return readEnvelope(
    body,
    { resources: 'resourceSpans', scopes: 'scopeSpans', records: 'spans' },
    attrs,
    (r) => readSpan(r, attrs),
  );
}

/** One `Span` message; throws `DecodeError` naming the field inside it. */
export function readSpan(r: ProtoReader, attrs: AttributeCollector): SpanModel {
  const span: SpanModel = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: attrs.create(),
    events: [],
    links: [],
    statusCode: 0,
    statusMessage: '',
  };
  const attributes = new AttributeReader('attributes', attrs);
  while (r.more()) {
    const key = r.key();
    switch (fieldOf(key)) {
      case 1:
        span.traceId = readId(r, key, 'traceId');
        break;
      case 2:
        span.spanId = readId(r, key, 'spanId');
        break;
      case 3:
        expectWire(key, WIRE_BYTES, 'traceState');
        span.traceState = r.string();
        break;
      case 4:
        span.parentSpanId = readId(r, key, 'parentSpanId');
        break;
      case 5:
        expectWire(key, WIRE_BYTES, 'name');
        span.name = r.string();
        break;
      case 6:
        expectWire(key, WIRE_VARINT, 'kind');
        span.kind = r.int32();
        break;
      case 7:
        expectWire(key, WIRE_FIXED64, 'startTimeUnixNano');
        span.startTimeUnixNano = r.fixed64();
        break;
      case 8:
        expectWire(key, WIRE_FIXED64, 'endTimeUnixNano');
        span.endTimeUnixNano = r.fixed64();
        break;
      case 9:
        attributes.read(r, key);
        break;
      case 11: {
        expectWire(key, WIRE_BYTES, 'events');
        const i = span.events.length;
        span.events.push(within(`events[${i}]`, () => readEvent(r.message(), attrs)));
        break;
      }
      case 13: {
        expectWire(key, WIRE_BYTES, 'links');
        const i = span.links.length;
        span.links.push(within(`links[${i}]`, () => readLink(r.message(), attrs)));
        break;
      }
      case 15:
        expectWire(key, WIRE_BYTES, 'status');
        try {
          readStatus(r.message(), span);
        } catch (error) {
          if (error instanceof DecodeError) error.within('status');
          throw error;
        }
        break;
      default:
        r.skip(key & 7);
    }
  }
  span.attributes = attributes.target;
  return span;
}

function readEvent(r: ProtoReader, attrs: AttributeCollector): SpanEventModel {
  const event: SpanEventModel = { timeUnixNano: 0n, name: '', attributes: attrs.create() };
  const attributes = new AttributeReader('attributes', attrs);
  while (r.more()) {
    const key = r.key();
    switch (fieldOf(key)) {
      case 1:
        expectWire(key, WIRE_FIXED64, 'timeUnixNano');
        event.timeUnixNano = r.fixed64();
        break;
      case 2:
        expectWire(key, WIRE_BYTES, 'name');
        event.name = r.string();
        break;
      case 3:
        attributes.read(r, key);
        break;
      default:
        r.skip(key & 7);
    }
  }
  event.attributes = attributes.target;
  return event;
}

function readLink(r: ProtoReader, attrs: AttributeCollector): SpanLinkModel {
  const link: SpanLinkModel = { traceId: '', spanId: '', traceState: '', attributes: attrs.create() };
  const attributes = new AttributeReader('attributes', attrs);
  while (r.more()) {
    const key = r.key();
    switch (fieldOf(key)) {
      case 1:
        link.traceId = readId(r, key, 'traceId');
        break;
      case 2:
        link.spanId = readId(r, key, 'spanId');
        break;
      case 3:
        expectWire(key, WIRE_BYTES, 'traceState');
        link.traceState = r.string();
        break;
      case 4:
        attributes.read(r, key);
        break;
      default:
        r.skip(key & 7);
    }
  }
  link.attributes = attributes.target;
  return link;
}

function readStatus(r: ProtoReader, span: SpanModel): void {
  while (r.more()) {
    const key = r.key();
    switch (fieldOf(key)) {
      case 2:
        expectWire(key, WIRE_BYTES, 'message');
        span.statusMessage = r.string();
        break;
      case 3:
        expectWire(key, WIRE_VARINT, 'code');
        span.statusCode = r.int32();
        break;
      default:
        r.skip(key & 7);
    }
  }
}
