import type { Element, Nodes as HastNodes, Root as HastRoot } from 'hast';
import { raw } from 'hast-util-raw';
import { defaultSchema, type Schema, sanitize } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toHast } from 'mdast-util-to-hast';
import { toString as textOf } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { parse as parseYaml } from 'yaml';
import { docsLinkTarget } from './docs-links.ts';

/** What a relative link or image in a page stands for, decided by the docs site that owns the page. */
export type LinkTarget = { kind: 'page'; page: string } | { kind: 'asset'; path: string } | null;

export interface RenderLinks {
  /** The docs-relative path of a page or file, or null when no such page or image exists. */
  resolve(path: string): LinkTarget;
  /** Where a page opens in the portal; `fragment` is the heading id without `#`. */
  pageHref(page: string, fragment: string | null): string;
  /** Where an image is served from. */
  assetHref(path: string): string;
}

export interface RenderedPage {
  /** Front matter `title`, else the first level-one heading; null when the page has neither. */
  title: string | null;
  html: string;
  /** The page's words, one block per line, for search. */
  text: string;
}

/**
 * Every id a page sets is prefixed, so a heading called "root" cannot take the id of an element
 * of the portal (DOM clobbering); the sanitiser prefixes ids written in the page, Cairn its own.
 */
export const ID_PREFIX = 'user-content-';

/**
 * GitHub's allow-list (hast-util-sanitize's default): no script, no style, no event handlers, no
 * javascript: or data: URLs, ids prefixed. `style` and `script` go with their text.
 */
const SCHEMA: Schema = { ...defaultSchema, strip: ['script', 'style'] };

/**
 * Renders one docs page: Markdown (CommonMark + GFM tables, task lists, strikethrough, footnotes,
 * with raw HTML parsed) to HTML through mdast and hast, sanitised, then relative links and images
 * pointed at the portal and the assets route. Rewriting runs after sanitising, so only URLs Cairn
 * builds are added.
 */
export function renderMarkdown(source: string, page: string, links: RenderLinks): RenderedPage {
  const tree: Root = fromMarkdown(source, {
    extensions: [frontmatter(['yaml']), gfm()],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmFromMarkdown()],
  });
  const front = tree.children[0]?.type === 'yaml' ? frontMatterTitle(tree.children[0].value) : null;
  const content: RootContent[] = tree.children.filter((node) => node.type !== 'yaml');
  const body: Root = { type: 'root', children: content };
  const heading = content.find((node) => node.type === 'heading' && node.depth === 1);
  const title = front ?? (heading ? textOf(heading, { includeHtml: false }).trim() || null : null);

  // Footnote ids get the prefix once, from the sanitiser.
  const hast = toHast(body, { allowDangerousHtml: true, clobberPrefix: '' });
  // toHast of a root is a root; raw() re-parses the HTML written in the page into elements.
  const parsed = raw(hast) as HastRoot;
  const clean = sanitize(parsed, SCHEMA) as HastRoot;
  rewrite(clean, page, links, createSlugger());
  return {
    title,
    html: toHtml(clean),
    text: content.map((node) => textOf(node, { includeHtml: false })).join('\n'),
  };
}

function rewrite(node: HastNodes, page: string, links: RenderLinks, slug: (text: string) => string): void {
  if (node.type === 'element') {
    if (/^h[1-6]$/.test(node.tagName) && node.properties.id === undefined) {
      node.properties.id = `${ID_PREFIX}${slug(plainText(node))}`;
    }
    if (node.tagName === 'a' && typeof node.properties.href === 'string') {
      rewriteLink(node, node.properties.href, page, links);
    }
    if (node.tagName === 'img' && typeof node.properties.src === 'string') {
      rewriteImage(node, node.properties.src, page, links);
    }
  }
  if ('children' in node) for (const child of node.children) rewrite(child, page, links, slug);
}

function rewriteLink(node: Element, href: string, page: string, links: RenderLinks): void {
  const target = docsLinkTarget(href, page);
  if (target.kind === 'outside') return;
  if (target.kind === 'fragment') {
    node.properties.href = `#${ID_PREFIX}${target.fragment}`;
    return;
  }
  const resolved = target.path === null ? null : links.resolve(target.path);
  if (resolved?.kind === 'page') {
    const fragment = target.fragment ? `${ID_PREFIX}${target.fragment}` : null;
    node.properties.href = links.pageHref(resolved.page, fragment);
    node.properties.dataDocsPage = resolved.page;
    if (fragment) node.properties.dataDocsFragment = fragment;
  } else if (resolved?.kind === 'asset') {
    node.properties.href = links.assetHref(resolved.path);
  } else {
    // A link to nothing in the docs: kept as text that says so, rather than a portal 404.
    delete node.properties.href;
    node.properties.className = ['docs-broken-link'];
    node.properties.title = `Not found in these docs: ${href}`;
  }
}

function rewriteImage(node: Element, src: string, page: string, links: RenderLinks): void {
  const target = docsLinkTarget(src, page);
  if (target.kind === 'outside') return;
  const resolved = target.kind === 'file' && target.path !== null ? links.resolve(target.path) : null;
  if (resolved?.kind === 'asset') node.properties.src = links.assetHref(resolved.path);
  else {
    delete node.properties.src;
    node.properties.title = `Image not found in these docs: ${src}`;
  }
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function createSlugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

function plainText(node: HastNodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' || node.type === 'root') {
    // Children of an element or a root are hast nodes; the union of their arrays does not map.
    return (node.children as HastNodes[]).map(plainText).join('');
  }
  return '';
}

function frontMatterTitle(yaml: string): string | null {
  try {
    const value: unknown = parseYaml(yaml);
    if (typeof value !== 'object' || value === null) return null;
    const title: unknown = Reflect.get(value, 'title');
    return typeof title === 'string' && title.trim() ? title.trim() : null;
  } catch {
    // Front matter MkDocs would read differently is not the page's title; the heading still is.
    return null;
  }
}
