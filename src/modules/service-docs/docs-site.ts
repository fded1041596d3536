import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, posix, relative } from 'node:path';
import { pageCandidates } from './docs-links.ts';
import { type DocsNavItem, navFromConfig, navFromPages } from './docs-nav.ts';
import { type LinkTarget, type RenderedPage, renderMarkdown } from './markdown-render.ts';
import { parseMkdocsConfig } from './mkdocs-config.ts';
import { isWithin, resolveInside } from './safe-path.ts';

/** Image types served from a docs folder, by extension; nothing else is served from it. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
};

/** Bounds on what one docs folder may hold, so a huge repository cannot stall a request. */
const MAX_FILES = 2000;
const MAX_PAGE_BYTES = 1024 * 1024;

/** One service's docs, read and rendered. */
export interface DocsSite {
  siteName: string | null;
  home: string;
  nav: DocsNavItem[];
  /** Rendered pages by docs-relative path, each with a title (heading, else file name). */
  pages: Map<string, RenderedPage & { title: string }>;
  /** Images by docs-relative path. */
  images: Set<string>;
  /** The docs folder's real path. */
  docsRoot: string;
  problems: string[];
}

export interface DocsSiteOptions {
  /** The catalog source's directory: nothing outside it is read. */
  sourceRoot: string;
  /** The folder holding mkdocs.yml (the techdocs-ref `dir:`), relative to the source root. */
  siteDir: string;
  pageHref(page: string, fragment: string | null): string;
  assetHref(path: string): string;
}

/**
 * Reads a MkDocs site the way TechDocs' `dir:` reference means it: mkdocs.yml (optional) in
 * `siteDir`, Markdown under its `docs_dir`. Every path is resolved inside the source root.
 */
export async function loadDocsSite(options: DocsSiteOptions): Promise<DocsSite> {
  const siteRoot = await resolveInside(options.sourceRoot, options.siteDir, 'backstage.io/techdocs-ref');
  const configName = ['mkdocs.yml', 'mkdocs.yaml'].find((name) => existsSync(join(siteRoot, name)));
  const config = configName
    ? parseMkdocsConfig(await readFile(join(siteRoot, configName), 'utf8'))
    : parseMkdocsConfig('');
  const configFile = configName ? posix.join(options.siteDir, configName).replace(/^\.\//, '') : 'mkdocs.yml';
  const problems = config.problems.map((p) => `${configFile}:${p.line}: ${p.message}`);
  const docsRoot = await resolveInside(
    options.sourceRoot,
    posix.join(relative(options.sourceRoot, siteRoot).split('\\').join('/') || '.', config.docsDir),
    `${configFile} docs_dir`,
  );
  const files = await listFiles(docsRoot);
  const sources = files.filter((file) => file.endsWith('.md'));
  const images = new Set(files.filter((file) => IMAGE_TYPES[extname(file).toLowerCase()] !== undefined));
  const pagePaths = new Set(sources);
  const resolve = (path: string): LinkTarget => {
    if (images.has(path)) return { kind: 'asset', path };
    const page = pageCandidates(path).find((candidate) => pagePaths.has(candidate));
    return page ? { kind: 'page', page } : null;
  };
  const pages = new Map<string, RenderedPage & { title: string }>();
  for (const path of sources) {
    const file = join(docsRoot, path);
    if ((await stat(file)).size > MAX_PAGE_BYTES) {
      problems.push(`${config.docsDir}/${path}: larger than ${MAX_PAGE_BYTES} bytes, not shown`);
      continue;
    }
    const rendered = renderMarkdown(await readFile(file, 'utf8'), path, {
      resolve,
      pageHref: options.pageHref,
      assetHref: options.assetHref,
    });
    pages.set(path, { ...rendered, title: rendered.title ?? fileTitle(path) });
  }
  const titles = new Map([...pages].map(([path, page]) => [path, page.title]));
  const fromConfig = config.nav ? navFromConfig(config.nav, titles, configFile, config.docsDir) : null;
  problems.push(...(fromConfig?.problems ?? []));
  const home =
    pageCandidates('.').find((candidate) => pages.has(candidate)) ??
    firstPage(fromConfig?.nav ?? []) ??
    [...pages.keys()].sort()[0] ??
    '';
  return {
    siteName: config.siteName,
    home,
    nav: fromConfig?.nav ?? navFromPages(titles, home),
    pages,
    images,
    docsRoot,
    problems,
  };
}

/** Files under `root` relative to it (`/`-separated), dot-entries skipped, links followed only inside. */
async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.') || found.length >= MAX_FILES) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(root, path));
      else if (entry.isSymbolicLink()) {
        const target = await realpath(path).catch(() => null);
        if (target && isWithin(root, target) && (await stat(target)).isFile())
          found.push(relative(root, path));
      }
    }
  };
  await walk(root);
  return found.map((file) => file.split('\\').join('/'));
}

function firstPage(nav: DocsNavItem[]): string | null {
  for (const item of nav) {
    const page = item.page ?? firstPage(item.children);
    if (page) return page;
  }
  return null;
}

/** `guide/getting-started.md` → `Getting started`, for a page without a heading. */
function fileTitle(path: string): string {
  const name = posix.basename(path, '.md').replace(/[-_]+/g, ' ').trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}
