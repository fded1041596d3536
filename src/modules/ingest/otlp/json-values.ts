import { DecodeError, within } from '../protobuf/proto-reader.ts';
import { AnyMap, type AnyValue, anyValueToString } from './any-value.ts';
import type {
  AttributeCollector,
  Attributes,
  ResourceGroup,
  ResourceModel,
  ScopeModel,
} from './otlp-model.ts';

/**
 * Readers for OTLP/JSON values (protobuf's JSON mapping with the OTLP exceptions: ids are hex,
 * enums are integers, field names lowerCamelCase). Each throws `DecodeError` naming the field.
 */
export type JsonObject = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string'
    ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
    : typeof value;
}

/** The object at `field`, or an empty one when absent (absent and default are the same in proto3). */
export function object(value: unknown, field: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new DecodeError(`must be an object, got ${describe(value)}`, field);
  // Checked just above: a non-null, non-array object.
  return value as JsonObject;
}

/** Each element of the array at `field`, decoded with errors prefixed `field[i]`. */
export function array<T>(value: unknown, field: string, decode: (item: unknown) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DecodeError(`must be an array, got ${describe(value)}`, field);
  return value.map((item, i) => within(`${field}[${i}]`, () => decode(item)));
}

/** A string field; JSON strings can hold lone surrogates, which ClickHouse refuses, so they are mended. */
export function string(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new DecodeError(`must be a string, got ${describe(value)}`, field);
  return value.isWellFormed() ? value : value.toWellFormed();
}

/** An int32/uint32/enum field: a JSON number or a decimal string. */
export function int32(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new DecodeError(`must be an integer, got ${describe(value)}`, field);
  return n;
}

/** A 64-bit integer field: a decimal string (the spec) or a JSON number (what some senders write). */
export function int64(value: unknown, field: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw new DecodeError(`must be an integer or a decimal string, got ${describe(value)}`, field);
}

/** An unsigned 64-bit field (fixed64/uint64), e.g. a time in Unix nanoseconds. */
export function uint64(value: unknown, field: string): bigint {
  const n = int64(value, field);
  if (n < 0n || n >= 2n ** 64n) throw new DecodeError(`must be between 0 and 2^64-1, got ${n}`, field);
  return n;
}

/** A double: a JSON number, or the proto3 JSON spellings "NaN", "Infinity", "-Infinity". */
export function double(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  throw new DecodeError(`must be a number, got ${describe(value)}`, field);
}

export function bool(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean')
    throw new DecodeError(`must be true or false, got ${describe(value)}`, field);
  return value;
}

const HEX = /^[0-9a-fA-F]*$/;

/** A trace or span id: hex in OTLP/JSON (not base64). Its length is checked per record later. */
export function hexId(value: unknown, field: string): string {
  const s = string(value, field);
  if (!HEX.test(s) || s.length % 2 !== 0)
    throw new DecodeError(`must be hex-encoded bytes, got ${describe(s)}`, field);
  return s.toLowerCase();
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** AnyValue in OTLP/JSON: `{ "stringValue": … }` and the other one-of members. */
export function anyValue(value: unknown, field: string, depth = 0): AnyValue {
  if (depth > 32) throw new DecodeError('values nested more than 32 levels deep', field);
  const v = object(value, field);
  if ('stringValue' in v) return string(v.stringValue, `${field}.stringValue`);
  if ('boolValue' in v) return bool(v.boolValue, `${field}.boolValue`);
  if ('intValue' in v) return int64(v.intValue, `${field}.intValue`);
  if ('doubleValue' in v) return double(v.doubleValue, `${field}.doubleValue`);
  if ('bytesValue' in v) {
    const s = string(v.bytesValue, `${field}.bytesValue`);
    if (!BASE64.test(s)) throw new DecodeError(`must be base64, got ${describe(s)}`, `${field}.bytesValue`);
    return new Uint8Array(Buffer.from(s, 'base64'));
  }
  if ('arrayValue' in v) {
    const a = object(v.arrayValue, `${field}.arrayValue`);
    return array(a.values, `${field}.arrayValue.values`, (item) => anyValue(item, 'value', depth + 1));
  }
  if ('kvlistValue' in v) {
    const m = new AnyMap();
    const l = object(v.kvlistValue, `${field}.kvlistValue`);
    for (const [k, item] of array(l.values, `${field}.kvlistValue.values`, (kv) => keyValue(kv, depth + 1))) {
      m.entries.push([k, item]);
    }
    return m;
  }
  return null;
}

function keyValue(value: unknown, depth: number): [string, AnyValue] {
  const kv = object(value, 'keyValue');
  return [string(kv.key, 'key'), anyValue(kv.value, 'value', depth)];
}

/** A repeated KeyValue field, flattened under the attribute limits. */
export function attributes(value: unknown, field: string, attrs: AttributeCollector): Attributes {
  const target = attrs.create();
  let count = 0;
  array(value, field, (item) => {
    const [k, v] = keyValue(item, 0);
    count = attrs.add(target, count, k, anyValueToString(v));
  });
  return target;
}

export function resource(value: unknown, schemaUrl: unknown, attrs: AttributeCollector): ResourceModel {
  const r = object(value, 'resource');
  return {
    attributes: within('resource', () => attributes(r.attributes, 'attributes', attrs)),
    schemaUrl: string(schemaUrl, 'schemaUrl'),
  };
}

export function scope(value: unknown, schemaUrl: unknown, attrs: AttributeCollector): ScopeModel {
  const url = string(schemaUrl, 'schemaUrl');
  const s = object(value, 'scope');
  return within('scope', () => ({
    name: string(s.name, 'name'),
    version: string(s.version, 'version'),
    attributes: attributes(s.attributes, 'attributes', attrs),
    droppedAttributesCount: int32(s.droppedAttributesCount, 'droppedAttributesCount'),
    schemaUrl: url,
  }));
}

/** The resource → scope → records envelope of an OTLP/JSON request. */
export function envelope<R>(
  body: unknown,
  names: { resources: string; scopes: string; records: string },
  attrs: AttributeCollector,
  decodeRecord: (record: JsonObject) => R,
): ResourceGroup<R>[] {
  const top = object(body, 'body');
  return array(top[names.resources], names.resources, (item) => {
    const group = object(item, names.resources);
    return {
      resource: resource(group.resource, group.schemaUrl, attrs),
      scopes: array(group[names.scopes], names.scopes, (scopeItem) => {
        const sg = object(scopeItem, names.scopes);
        return {
          scope: scope(sg.scope, sg.schemaUrl, attrs),
          records: array(sg[names.records], names.records, (r) => decodeRecord(object(r, names.records))),
        };
      }),
    };
  });
}
