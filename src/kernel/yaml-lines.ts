import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/**
 * The line of the deepest node that exists along `path` in a parsed YAML document (the document
 * start for []), so a problem found after parsing is reported at file:line. Used by every loader
 * of YAML descriptors (catalog entities, action definitions).
 */
export function lineAtPath(
  document: Document,
  lineCounter: LineCounter,
  path: ReadonlyArray<string | number>,
): number | null {
  let node: unknown = document.contents;
  // A parsed document's contents is a YAML node (or null for an empty document).
  let offset = (document.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      // Keys found by isScalar above are nodes.
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      // Items of a parsed sequence are nodes; out of range is undefined.
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? null : lineCounter.linePos(offset).line;
}
