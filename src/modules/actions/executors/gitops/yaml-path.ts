/**
 * Reads and edits one value in a YAML file (a Helm values file, a kustomization) the way a person
 * would: only the value's own characters change, so comments, quoting, indentation and key order
 * stay exactly as they were. Paths are written `image.tag`, `containers[0].image`,
 * `images[name=payment].newTag` (the item of a list whose `name` is `payment`) or `a["dotted.key"]`.
 */
import { Document, isMap, isScalar, isSeq, type Node, parseDocument, Scalar, YAMLMap } from 'yaml';

export type YamlPathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'match'; key: string; value: string };

export type YamlValueType = 'auto' | 'string' | 'number' | 'boolean';

/** A path or a file that cannot be edited as asked; the message names the path and the reason. */
export class YamlEditError extends Error {
  override name = 'YamlEditError';
}

const SEGMENT = /\.?(?:([A-Za-z0-9_\-$/@]+)|\[(\d+)\]|\[([^=\]"]+)=([^\]]*)\]|\["([^"]+)"\])/y;

/** Parses `image.tag`, `items[0].x`, `images[name=payment].newTag`, `annotations["a.b/c"]`. */
export function parseYamlPath(path: string): YamlPathSegment[] {
  const segments: YamlPathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (!match || (start === 0 && path.startsWith('.'))) {
      throw new YamlEditError(`yamlPath "${path}" cannot be read at character ${start + 1}`);
    }
    const [, key, index, matchKey, matchValue, quotedKey] = match;
    if (key !== undefined) segments.push({ kind: 'key', key });
    else if (index !== undefined) segments.push({ kind: 'index', index: Number(index) });
    else if (matchKey !== undefined) {
      segments.push({ kind: 'match', key: matchKey.trim(), value: unquote((matchValue ?? '').trim()) });
    } else if (quotedKey !== undefined) segments.push({ kind: 'key', key: quotedKey });
  }
  if (segments.length === 0) throw new YamlEditError('yamlPath is empty');
  return segments;
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

export function formatYamlPath(segments: readonly YamlPathSegment[]): string {
  return segments
    .map((segment, position) => {
      switch (segment.kind) {
        case 'key':
          return /^[A-Za-z0-9_\-$/@]+$/.test(segment.key)
            ? `${position === 0 ? '' : '.'}${segment.key}`
            : `["${segment.key}"]`;
        case 'index':
          return `[${segment.index}]`;
        case 'match':
          return `[${segment.key}=${segment.value}]`;
      }
      return '';
    })
    .join('');
}

export interface YamlEdit {
  /** The file's new text; equal to the input when the value was already set. */
  text: string;
  /** The value found before the edit (undefined when the path was created). */
  previous: unknown;
  /** The value written, with its YAML type. */
  written: string | number | boolean;
  changed: boolean;
}

export interface SetYamlValueOptions {
  /** `auto` keeps the type of the value being replaced (a number stays a number). */
  valueType?: YamlValueType;
  /** Create missing keys and list items instead of failing (a typo then adds a key: off by default). */
  createMissing?: boolean;
}

/** Sets the value at `path` in `source` and returns the new text. */
export function setYamlValue(
  source: string,
  path: string,
  value: string | number | boolean,
  options: SetYamlValueOptions = {},
): YamlEdit {
  const segments = parseYamlPath(path);
  const document = parseDocument(source, { keepSourceTokens: false });
  const firstError = document.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line;
    throw new YamlEditError(
      `the file is not valid YAML${line ? ` (line ${line})` : ''}: ${firstError.message}`,
    );
  }
  const found = walk(document, segments, options.createMissing === true);
  if (found.kind === 'created') {
    const written = coerce(value, options.valueType ?? 'auto', undefined);
    found.set(written);
    return { text: document.toString({ lineWidth: 0 }), previous: undefined, written, changed: true };
  }
  const node = found.node;
  if (!isScalar(node)) {
    throw new YamlEditError(
      `yamlPath "${path}" points at a ${isMap(node) ? 'mapping' : 'list'}, not a single value`,
    );
  }
  const written = coerce(value, options.valueType ?? 'auto', node.value);
  if (node.value === written) return { text: source, previous: node.value, written, changed: false };
  const replacement = renderScalar(written, node, found.inFlow);
  const range = node.range;
  if (replacement === null || !range) {
    // A block scalar (| or >) spans lines: let the library write it, comments still kept.
    const previous = node.value;
    node.value = written;
    return { text: document.toString({ lineWidth: 0 }), previous, written, changed: true };
  }
  const text = source.slice(0, range[0]) + replacement + source.slice(range[1]);
  return { text, previous: node.value, written, changed: true };
}

/** Reads the value at `path` (undefined when absent); used to report what a file holds. */
export function getYamlValue(source: string, path: string): unknown {
  const document = parseDocument(source);
  try {
    const found = walk(document, parseYamlPath(path), false);
    return found.kind === 'found' && isScalar(found.node) ? found.node.value : undefined;
  } catch {
    return undefined;
  }
}

type WalkResult =
  | { kind: 'found'; node: Node; inFlow: boolean }
  | { kind: 'created'; set(value: unknown): void };

function walk(document: Document, segments: readonly YamlPathSegment[], createMissing: boolean): WalkResult {
  let current: unknown = document.contents;
  let inFlow = false;
  for (let position = 0; position < segments.length; position++) {
    // The loop bound keeps `position` in range.
    const segment = segments[position] as YamlPathSegment;
    const where = formatYamlPath(segments.slice(0, position)) || 'the top of the file';
    const isLast = position === segments.length - 1;
    if (segment.kind === 'key') {
      if (!isMap(current)) throw notA('mapping', where, segment);
      inFlow = current.flow === true;
      const next = current.get(segment.key, true);
      if (next === undefined) {
        if (!createMissing) throw missingKey(current, segment.key, where);
        const parent = current;
        const rest = segments.slice(position + 1);
        return {
          kind: 'created',
          set: (value) => parent.set(segment.key, buildNested(document, rest, value)),
        };
      }
      current = next;
    } else if (segment.kind === 'index') {
      if (!isSeq(current)) throw notA('list', where, segment);
      inFlow = current.flow === true;
      const next = current.items[segment.index];
      if (next === undefined) {
        throw new YamlEditError(
          `${where} has ${current.items.length} item(s); there is no item [${segment.index}]`,
        );
      }
      current = next;
    } else {
      if (!isSeq(current)) throw notA('list', where, segment);
      inFlow = current.flow === true;
      const next = current.items.find(
        (item) => isMap(item) && String(scalarValue(item.get(segment.key, true))) === segment.value,
      );
      if (next === undefined) {
        if (!createMissing) {
          const names = current.items
            .filter(isMap)
            .map((item) => String(scalarValue(item.get(segment.key, true))))
            .join(', ');
          throw new YamlEditError(
            `${where} has no item with ${segment.key}=${segment.value}${names ? ` (it has ${segment.key}: ${names})` : ''}`,
          );
        }
        const parent = current;
        const rest = segments.slice(position + 1);
        return {
          kind: 'created',
          set: (value) => {
            const item = new YAMLMap();
            item.set(segment.key, segment.value);
            if (rest.length > 0) mergeNested(document, item, rest, value);
            parent.items.push(item);
          },
        };
      }
      current = next;
    }
    if (!isLast && isScalar(current))
      throw notA('mapping or list', formatYamlPath(segments.slice(0, position + 1)), segment);
  }
  if (current === null || current === undefined) throw new YamlEditError('the file is empty');
  return { kind: 'found', node: current as Node, inFlow };
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

function buildNested(document: Document, rest: readonly YamlPathSegment[], value: unknown): unknown {
  if (rest.length === 0) return value;
  const map = new YAMLMap();
  mergeNested(document, map, rest, value);
  return map;
}

function mergeNested(
  document: Document,
  map: YAMLMap,
  rest: readonly YamlPathSegment[],
  value: unknown,
): void {
  const [head, ...tail] = rest;
  if (head?.kind !== 'key') {
    throw new YamlEditError(
      `cannot create ${formatYamlPath(rest)}: only keys can be created under a new item`,
    );
  }
  map.set(head.key, buildNested(document, tail, value));
}

function notA(expected: string, where: string, segment: YamlPathSegment): YamlEditError {
  return new YamlEditError(
    `${where} is not a ${expected}, so ${formatYamlPath([segment])} cannot be read there`,
  );
}

function missingKey(map: YAMLMap, key: string, where: string): YamlEditError {
  const keys = map.items.map((pair) => String(scalarValue(pair.key) ?? pair.key)).join(', ');
  return new YamlEditError(`${where} has no key "${key}"${keys ? ` (it has: ${keys})` : ''}`);
}

/** The value to write: `auto` keeps a number a number and a boolean a boolean. */
function coerce(
  value: string | number | boolean,
  valueType: YamlValueType,
  existing: unknown,
): string | number | boolean {
  if (typeof value !== 'string') return valueType === 'string' ? String(value) : value;
  const wanted = valueType === 'auto' ? typeOf(existing) : valueType;
  if (wanted === 'number') {
    const number = Number(value);
    if (value.trim() !== '' && Number.isFinite(number)) return number;
    if (valueType === 'number') throw new YamlEditError(`value "${value}" is not a number`);
  }
  if (wanted === 'boolean') {
    if (value === 'true' || value === 'false') return value === 'true';
    if (valueType === 'boolean') throw new YamlEditError(`value "${value}" is not true or false`);
  }
  return value;
}

function typeOf(existing: unknown): YamlValueType {
  if (typeof existing === 'number') return 'number';
  if (typeof existing === 'boolean') return 'boolean';
  return 'string';
}

/** The scalar's new text in the old one's style, or null when it cannot sit on one line. */
function renderScalar(value: string | number | boolean, old: Scalar, inFlow: boolean): string | null {
  if (old.type === Scalar.BLOCK_LITERAL || old.type === Scalar.BLOCK_FOLDED) return null;
  const scalar = new Scalar(value);
  scalar.type = old.type ?? Scalar.PLAIN;
  if (typeof value === 'string' && scalar.type === Scalar.PLAIN && inFlow && /[,[\]{}#:]/.test(value)) {
    scalar.type = Scalar.QUOTE_DOUBLE;
  }
  let text = new Document(scalar).toString({ lineWidth: 0 }).replace(/\n$/, '');
  if (text.includes('\n')) {
    scalar.type = Scalar.QUOTE_DOUBLE;
    text = new Document(scalar)
      .toString({ lineWidth: 0, doubleQuotedMinMultiLineLength: 1e9 })
      .replace(/\n$/, '');
  }
  return text.includes('\n') ? null : text;
}
