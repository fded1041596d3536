import {
  atIndex,
  DecodeError,
  expectWire,
  fieldOf,
  ProtoReader,
  toInt64,
  WIRE_BYTES,
  WIRE_FIXED64,
  WIRE_VARINT,
  within,
} from '../protobuf/proto-reader.ts';
import { AnyMap, type AnyValue, anyValueToString } from './any-value.ts';
import type {
  AttributeCollector,
  Attributes,
  ResourceGroup,
  ResourceModel,
  ScopeModel,
} from './otlp-model.ts';

/** opentelemetry.proto.common.v1.AnyValue. */
export function readAnyValue(r: ProtoReader, depth = 0): AnyValue {
  // Nesting is bounded so a hostile payload cannot exhaust the stack.
  if (depth > 32) throw new DecodeError('values nested more than 32 levels deep');
  let value: AnyValue = null;
  while (r.more()) {
    const key = r.key();
    switch (fieldOf(key)) {
      case 1:
        expectWire(key, WIRE_BYTES, 'stringValue');
        value = r.string();
        break;
      case 2:
        expectWire(key, WIRE_VARINT, 'boolValue');
        value = r.bool();
        break;
      case 3:
        expectWire(key, WIRE_VARINT, 'intValue');
        value = toInt64(r.varint64());
        break;
      case 4:
        expectWire(key, WIRE_FIXED64, 'doubleValue');
        value = r.double();
        break;
      case 5: {
        expectWire(key, WIRE_BYTES, 'arrayValue');
        const array: AnyValue[] = [];
        const sub = r.message();
        while (sub.more()) {
          const k = sub.key();
          if (fieldOf(k) === 1) {
            expectWire(k, WIRE_BYTES, 'arrayValue.values');
            const i = array.length;
            array.push(within(`arrayValue.values[${i}]`, () => readAnyValue(sub.message(), depth + 1)));
          } else sub.skip(k & 7);
        }
        value = array;
        break;
      }
      case 6: {
        expectWire(key, WIRE_BYTES, 'kvlistValue');
        const map = new AnyMap();
        const sub = r.message();
        while (sub.more()) {
          const k = sub.key();
          if (fieldOf(k) === 1) {
            expectWire(k, WIRE_BYTES, 'kvlistValue.values');
            const i = map.entries.length;
            map.entries.push(
              within(`kvlistValue.values[${i}]`, () => readKeyValue(sub.message(), depth + 1)),
            );
          } else sub.skip(k & 7);
        }
        value = map;
        break;
      }
      case 7:
        expectWire(key, WIRE_BYTES, 'bytesValue');
        value = r.bytes();
        break;
      default:
        r.skip(key & 7);
    }
  }
  return value;
}

function readKeyValue(r: ProtoReader, depth: number): [string, AnyValue] {
  let k = '';
  let v: AnyValue = null;
  while (r.more()) {
    const key = r.key();
    const field = fieldOf(key);
    if (field === 1) {
      expectWire(key, WIRE_BYTES, 'key');
      k = r.string();
    } else if (field === 2) {
      expectWire(key, WIRE_BYTES, 'value');
      v = within('value', () => readAnyValue(r.message(), depth));
    } else r.skip(key & 7);
  }
  return [k, v];
}

/**
 * Reads one `KeyValue` field of a repeated attributes field into `target`; returns the new count.
 * `index` only names the element in error messages.
 */
export function readAttribute(
  r: ProtoReader,
  key: number,
  name: string,
  index: number,
  target: Attributes,
  count: number,
  attrs: AttributeCollector,
): number {
  expectWire(key, WIRE_BYTES, name);
  let k = '';
  let value = '';
  try {
    const sub = r.message();
    while (sub.more()) {
      const fieldKey = sub.key();
      const field = fieldOf(fieldKey);
      if (field === 1) {
        expectWire(fieldKey, WIRE_BYTES, 'key');
        k = sub.string();
      } else if (field === 2) {
        expectWire(fieldKey, WIRE_BYTES, 'value');
        value = readValueString(sub, 'value');
      } else sub.skip(fieldKey & 7);
    }
  } catch (error) {
    throw atIndex(error, name, index);
  }
  return attrs.add(target, count, k, value);
}

/**
 * An AnyValue field at `r` (a KeyValue's `value`) as the exporter's string;
 * errors inside it are prefixed with `field`. A lone `stringValue`, the usual case, is read directly;
 * anything else goes through {@link readAnyValue}.
 */
function readValueString(r: ProtoReader, field: string): string {
  try {
    const value = r.message();
    const start = value.pos;
    if (value.more() && value.key() === STRING_VALUE_KEY) {
      const text = value.string();
      if (!value.more()) return text;
    }
    value.pos = start;
    return anyValueToString(readAnyValue(value, 0));
  } catch (error) {
    if (error instanceof DecodeError) error.within(field);
    throw error;
  }
}

/** Field 1 (`stringValue`), wire type 2 (length-delimited). */
const STRING_VALUE_KEY = (1 << 3) | WIRE_BYTES;

/** Reads a field that is a repeated KeyValue list, the common case: returns the updated count. */
export class AttributeReader {
  readonly target: Attributes;
  private count = 0;
  private seen = 0;
  private readonly name: string;
  private readonly attrs: AttributeCollector;

  constructor(name: string, attrs: AttributeCollector) {
    this.name = name;
    this.attrs = attrs;
    this.target = attrs.create();
  }

  read(r: ProtoReader, key: number): void {
    this.count = readAttribute(r, key, this.name, this.seen++, this.target, this.count, this.attrs);
  }
}

/** opentelemetry.proto.resource.v1.Resource. */
export function readResource(r: ProtoReader, attrs: AttributeCollector): Attributes {
  const reader = new AttributeReader('attributes', attrs);
  while (r.more()) {
    const key = r.key();
    if (fieldOf(key) === 1) reader.read(r, key);
    else r.skip(key & 7);
  }
  return reader.target;
}

/** opentelemetry.proto.common.v1.InstrumentationScope (schemaUrl is set by the caller). */
export function readScope(r: ProtoReader, attrs: AttributeCollector): ScopeModel {
  const scope: ScopeModel = {
    name: '',
    version: '',
    attributes: attrs.create(),
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
  const reader = new AttributeReader('attributes', attrs);
  while (r.more()) {
    const key = r.key();
    switch (fieldOf(key)) {
      case 1:
        expectWire(key, WIRE_BYTES, 'name');
        scope.name = r.string();
        break;
      case 2:
        expectWire(key, WIRE_BYTES, 'version');
        scope.version = r.string();
        break;
      case 3:
        reader.read(r, key);
        break;
      case 4:
        expectWire(key, WIRE_VARINT, 'droppedAttributesCount');
        scope.droppedAttributesCount = r.varint32();
        break;
      default:
        r.skip(key & 7);
    }
  }
  scope.attributes = reader.target;
  return scope;
}

/** An empty resource, for a ResourceX without its `resource` field. */
export function emptyResource(attrs: AttributeCollector): ResourceModel {
  return { attributes: attrs.create(), schemaUrl: '' };
}

/** An empty scope, for a ScopeX without its `scope` field. */
export function emptyScope(attrs: AttributeCollector): ScopeModel {
  return { name: '', version: '', attributes: attrs.create(), droppedAttributesCount: 0, schemaUrl: '' };
}

/** An id field (trace/span id) as hex; its length is checked later, per record. */
export function readId(r: ProtoReader, key: number, name: string): string {
  expectWire(key, WIRE_BYTES, name);
  return r.hex();
}

/**
 * The envelope all three signals share: `Export*ServiceRequest { repeated Resource* = 1 }`,
 * `Resource* { resource = 1; repeated Scope* = 2; schema_url = 3 }`,
 * `Scope* { scope = 1; repeated record = 2; schema_url = 3 }`. `readRecord` decodes one record.
 */
export function readEnvelope<R>(
  body: Uint8Array,
  names: { resources: string; scopes: string; records: string },
  attrs: AttributeCollector,
  readRecord: (r: ProtoReader) => R,
): ResourceGroup<R>[] {
  const top = new ProtoReader(body);
  const out: ResourceGroup<R>[] = [];
  while (top.more()) {
    const key = top.key();
    if (fieldOf(key) !== 1) {
      top.skip(key & 7);
      continue;
    }
    expectWire(key, WIRE_BYTES, names.resources);
    const ri = out.length;
    out.push(
      within(`${names.resources}[${ri}]`, () => {
        const r = top.message();
        const group: ResourceGroup<R> = { resource: emptyResource(attrs), scopes: [] };
        while (r.more()) {
          const k = r.key();
          switch (fieldOf(k)) {
            case 1:
              expectWire(k, WIRE_BYTES, 'resource');
              group.resource.attributes = within('resource', () => readResource(r.message(), attrs));
              break;
            case 2: {
              expectWire(k, WIRE_BYTES, names.scopes);
              const si = group.scopes.length;
              group.scopes.push(
                within(`${names.scopes}[${si}]`, () =>
                  readScopeGroup(r.message(), names.records, attrs, readRecord),
                ),
              );
              break;
            }
            case 3:
              expectWire(k, WIRE_BYTES, 'schemaUrl');
              group.resource.schemaUrl = r.string();
              break;
            default:
              r.skip(k & 7);
          }
        }
        return group;
      }),
    );
  }
  return out;
}

function readScopeGroup<R>(
  r: ProtoReader,
  recordsName: string,
  attrs: AttributeCollector,
  readRecord: (r: ProtoReader) => R,
): ResourceGroup<R>['scopes'][number] {
  let scope = emptyScope(attrs);
  let schemaUrl = '';
  const records: R[] = [];
  while (r.more()) {
    const k = r.key();
    switch (fieldOf(k)) {
      case 1:
        expectWire(k, WIRE_BYTES, 'scope');
        scope = within('scope', () => readScope(r.message(), attrs));
        break;
      case 2: {
        expectWire(k, WIRE_BYTES, recordsName);
        const i = records.length;
        try {
          records.push(readRecord(r.message()));
        } catch (error) {
          throw atIndex(error, recordsName, i);
        }
        break;
      }
      case 3:
        expectWire(k, WIRE_BYTES, 'schemaUrl');
        schemaUrl = r.string();
        break;
      default:
        r.skip(k & 7);
    }
  }
  scope.schemaUrl = schemaUrl;
  return { scope, records };
}
