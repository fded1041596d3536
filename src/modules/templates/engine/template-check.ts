/**
 * Checks a template before a task starts: every step names an action Cairn has, and every filter
 * used in `${{ }}` (in the steps, the output and the skeleton files a `fetch:template` step names
 * literally) is a Nunjucks built-in or one of the scaffolder's. An unsupported action or filter
 * fails the task up front, naming it, instead of halfway through.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBinaryFileSync } from 'isbinaryfile';
import nunjucks from 'nunjucks';
import { listEntries, resolveSkeletonDir } from '../actions/workspace-paths.ts';
import type { LoadedTemplate } from '../template-loader.ts';
import { scaffolderFilters } from './filters.ts';
import { type NunjucksNode, parseTemplate } from './renderer.ts';

const NUNJUCKS_FILTERS = new Set(
  Object.keys((new nunjucks.Environment(null) as unknown as { filters: object }).filters),
);

/** Every filter a template may use, with the cookiecutter-only `jsonify`. */
export function supportedFilters(cookiecutterCompat = false): Set<string> {
  const names = new Set([...NUNJUCKS_FILTERS, ...Object.keys(scaffolderFilters)]);
  if (cookiecutterCompat) names.add('jsonify');
  return names;
}

function filtersIn(node: unknown, found: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) filtersIn(child, found);
    return;
  }
  const typed = node as NunjucksNode & { fields?: string[]; name?: { value?: unknown } }; // Nunjucks AST node
  if (
    (typed.typename === 'Filter' || typed.typename === 'FilterAsync') &&
    typeof typed.name?.value === 'string'
  ) {
    found.add(typed.name.value);
  }
  for (const field of typed.fields ?? []) filtersIn(typed[field], found);
}

/** The filters one template string uses; a string that does not parse uses none (it fails when rendered). */
export function filtersUsed(source: string, cookiecutterCompat = false): Set<string> {
  const found = new Set<string>();
  try {
    filtersIn(parseTemplate(source, cookiecutterCompat), found);
  } catch {
    // Syntax errors are reported by the render, with Nunjucks' line and column.
  }
  return found;
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

async function skeletonSources(template: LoadedTemplate, url: string): Promise<string[]> {
  const dir = await resolveSkeletonDir(template.dir, url, 'fetch:template').catch(() => null);
  if (!dir) return [];
  const sources: string[] = [];
  for (const entry of await listEntries(dir).catch(() => [])) {
    sources.push(entry);
    if (entry.endsWith('/')) continue;
    const path = join(dir, entry);
    try {
      if (!isBinaryFileSync(path)) sources.push(readFileSync(path, 'utf8'));
    } catch {
      // Unreadable files fail when the step copies them.
    }
  }
  return sources;
}

/** What is wrong with a template for Cairn: unsupported actions and filters, each named once. */
export async function findUnsupported(
  template: LoadedTemplate,
  actions: ReadonlySet<string>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const step of template.steps) {
    if (!actions.has(step.action)) problems.push(`step "${step.id}": unsupported action "${step.action}"`);
  }
  const unknown = new Set<string>();
  const check = (sources: string[], compat: boolean) => {
    const allowed = supportedFilters(compat);
    for (const source of sources) {
      if (!source.includes('}}') && !source.includes('%}')) continue;
      for (const name of filtersUsed(source, compat)) if (!allowed.has(name)) unknown.add(name);
    }
  };
  check(stringsIn([template.steps, template.output]), false);
  for (const step of template.steps) {
    const url = step.input?.url;
    if (step.action !== 'fetch:template' || typeof url !== 'string' || url.includes('${{')) continue;
    check(await skeletonSources(template, url), step.input?.cookiecutterCompat === true);
  }
  for (const name of [...unknown].sort()) problems.push(`unsupported filter "${name}"`);
  return problems;
}
