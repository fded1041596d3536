import { posix } from 'node:path';

/** What a link or image URL written in a page points at. */
export type DocsLink =
  /** Another site, a mailto:, or a path of the portal itself (`/incidents`): left as written. */
  | { kind: 'outside' }
  /** A heading of the same page. */
  | { kind: 'fragment'; fragment: string }
  /** A file of the docs folder, relative to it; `path` is null when the URL leads out of it. */
  | { kind: 'file'; path: string | null; fragment: string | null };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Classifies `url` as written in `page` (both relative to the docs folder) and, for a relative
 * URL, resolves it against the page's folder the way a browser would on a static MkDocs site.
 */
export function docsLinkTarget(url: string, page: string): DocsLink {
  if (SCHEME.test(url) || url.startsWith('/') || url.startsWith('\\')) return { kind: 'outside' };
  const hashAt = url.indexOf('#');
  const fragment = hashAt === -1 ? null : decode(url.slice(hashAt + 1)) || null;
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = decode(queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt));
  if (path === '') return fragment ? { kind: 'fragment', fragment } : { kind: 'outside' };
  const joined = posix.normalize(posix.join(posix.dirname(page), path));
  const inside = joined !== '..' && !joined.startsWith('../') && !posix.isAbsolute(joined);
  return { kind: 'file', path: inside ? joined : null, fragment };
}

/**
 * The pages a docs path may stand for, most literal first: `guide/` and `guide` mean
 * `guide/index.md` or `guide/README.md` as on MkDocs; `setup` may mean `setup.md`.
 */
export function pageCandidates(path: string): string[] {
  const bare = path.replace(/\/+$/, '');
  if (bare === '' || bare === '.') return ['index.md', 'README.md'];
  return [bare, `${bare}.md`, `${bare}/index.md`, `${bare}/README.md`];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray % is part of the name as written.
    return text;
  }
}
