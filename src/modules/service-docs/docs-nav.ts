import { posix } from 'node:path';
import type { DocsNavEntry } from './contract.ts';
import type { RawNavEntry } from './mkdocs-config.ts';

const URL_SCHEME = /^(https?|mailto):/i;

/** A navigation entry with its section's entries, as mkdocs.yml nests them. */
export interface DocsNavItem {
  title: string;
  page: string | null;
  url: string | null;
  children: DocsNavItem[];
}

/** The tree as the API lists it: each section followed by its entries, one level deeper. */
export function flattenNav(items: DocsNavItem[], depth = 0): DocsNavEntry[] {
  return items.flatMap(({ title, page, url, children }) => [
    { title, depth, page, url },
    ...flattenNav(children, depth + 1),
  ]);
}

/**
 * The navigation mkdocs.yml declares, with each page checked against the docs folder: an entry
 * naming no page is left out and reported (`mkdocs.yml:12: …`), so one typo does not hide the rest.
 */
export function navFromConfig(
  entries: RawNavEntry[],
  titles: ReadonlyMap<string, string>,
  configFile: string,
  docsDir: string,
): { nav: DocsNavItem[]; problems: string[] } {
  const problems: string[] = [];
  const build = (list: RawNavEntry[]): DocsNavItem[] =>
    list.flatMap((entry): DocsNavItem[] => {
      if (entry.children) {
        return [{ title: entry.title ?? '', page: null, url: null, children: build(entry.children) }];
      }
      const target = entry.target ?? '';
      if (URL_SCHEME.test(target)) {
        return [{ title: entry.title ?? target, page: null, url: target, children: [] }];
      }
      const page = posix.normalize(target.replace(/^\.\//, ''));
      const title = titles.get(page);
      if (title === undefined) {
        problems.push(`${configFile}:${entry.line}: nav entry "${target}" names no page in ${docsDir}/`);
        return [];
      }
      return [{ title: entry.title ?? title, page, url: null, children: [] }];
    });
  return { nav: build(entries), problems };
}

/**
 * Without a `nav`, every page as MkDocs would list it: the home page first, then the folder's other
 * pages by path, then each subfolder as a section named after it.
 */
export function navFromPages(titles: ReadonlyMap<string, string>, home: string): DocsNavItem[] {
  const root: Folder = { pages: [], folders: new Map() };
  for (const path of [...titles.keys()].sort()) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) {
        next = { pages: [], folders: new Map() };
        folder.folders.set(part, next);
      }
      folder = next;
    }
    folder.pages.push(path);
  }
  const build = (folder: Folder): DocsNavItem[] => [
    ...folder.pages
      .sort((a, b) => (a === home ? -1 : b === home ? 1 : a.localeCompare(b)))
      .map((page) => ({ title: titles.get(page) ?? page, page, url: null, children: [] })),
    ...[...folder.folders.entries()].map(([name, sub]) => ({
      title: sectionTitle(name),
      page: null,
      url: null,
      children: build(sub),
    })),
  ];
  return build(root);
}

interface Folder {
  pages: string[];
  folders: Map<string, Folder>;
}

/** `getting-started` → `Getting started`, as MkDocs titles a folder. */
export function sectionTitle(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
