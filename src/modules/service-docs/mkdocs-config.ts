import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** A `nav` entry as mkdocs.yml writes it, before its pages are checked. */
export interface RawNavEntry {
  /** `{ Title: ... }`; null for a bare `- page.md`. */
  title: string | null;
  /** A page path or an outside URL; null for a section. */
  target: string | null;
  /** A section's entries; null for a page or link. */
  children: RawNavEntry[] | null;
  line: number;
}

/** What Cairn reads of mkdocs.yml; everything else (theme, plugins) is MkDocs' business. */
export interface MkdocsConfig {
  siteName: string | null;
  /** `docs_dir`, default `docs`. */
  docsDir: string;
  /** null when mkdocs.yml has no `nav` (then every page is listed). */
  nav: RawNavEntry[] | null;
  problems: Array<{ line: number; message: string }>;
}

/**
 * Reads `site_name`, `docs_dir` and `nav` from mkdocs.yml. Tags MkDocs plugins use
 * (`!!python/name:…`) do not stop it; a malformed `nav` entry is a problem with its line, and the
 * rest is still used.
 */
export function parseMkdocsConfig(text: string): MkdocsConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'silent' });
  const problems: MkdocsConfig['problems'] = [];
  const lineOf = (node: unknown) => {
    // Nodes from the parsed document carry their source range.
    const offset = (node as Node | null)?.range?.[0];
    return offset === undefined ? 1 : lineCounter.linePos(offset).line;
  };
  for (const error of document.errors) {
    problems.push({
      line: lineCounter.linePos(error.pos[0]).line,
      message: `invalid YAML: ${firstLine(error.message)}`,
    });
  }
  const config: MkdocsConfig = { siteName: null, docsDir: 'docs', nav: null, problems };
  if (document.errors.length > 0 || !isMap(document.contents)) return config;
  const root = document.contents;
  const siteName: unknown = root.get('site_name');
  if (typeof siteName === 'string' && siteName.trim()) config.siteName = siteName.trim();
  const docsDir: unknown = root.get('docs_dir');
  if (typeof docsDir === 'string' && docsDir.trim()) config.docsDir = docsDir.trim();
  const nav = root.get('nav', true);
  if (nav !== undefined) {
    if (isSeq(nav)) config.nav = readEntries(nav.items, lineOf, problems);
    else problems.push({ line: lineOf(nav), message: 'nav must be a list' });
  }
  return config;
}

function readEntries(
  items: unknown[],
  lineOf: (node: unknown) => number,
  problems: MkdocsConfig['problems'],
): RawNavEntry[] {
  const entries: RawNavEntry[] = [];
  for (const item of items) {
    const line = lineOf(item);
    if (isScalar(item) && typeof item.value === 'string') {
      entries.push({ title: null, target: item.value, children: null, line });
      continue;
    }
    const pair = isMap(item) && item.items.length === 1 ? item.items[0] : undefined;
    if (!pair || !isScalar(pair.key)) {
      problems.push({ line, message: 'a nav entry is a page, or one "Title: page-or-section" pair' });
      continue;
    }
    const title = String(pair.key.value);
    if (isScalar(pair.value) && typeof pair.value.value === 'string') {
      entries.push({ title, target: pair.value.value, children: null, line });
    } else if (isSeq(pair.value)) {
      entries.push({ title, target: null, children: readEntries(pair.value.items, lineOf, problems), line });
    } else {
      problems.push({ line, message: `nav entry "${title}" must name a page, a URL or a list of entries` });
    }
  }
  return entries;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
