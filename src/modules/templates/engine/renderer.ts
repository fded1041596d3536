/**
 * The scaffolder's template engine: Nunjucks configured as Backstage configures it (variables in
 * `${{ }}`, `{% %}` blocks, autoescape off; `{{ }}` and Jinja compatibility in cookiecutter mode,
 * where `jsonify` is `dump`). Values pass through JSON on the way in and filter results on the way
 * out, as they do across Backstage's sandbox boundary, so `undefined` fields vanish the same way.
 *
 * Unlike Backstage, templates are not rendered in a separate isolate: they come from the
 * configuration repository and are trusted like the rest of it (see docs/templates.md).
 */
import nunjucks from 'nunjucks';
import { scaffolderFilters } from './filters.ts';

export interface RenderOptions {
  /** `{{ }}` variables, Jinja compatibility and the `jsonify` filter; values are under `cookiecutter`. */
  cookiecutterCompat?: boolean;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
}

export type Renderer = (template: string, values: unknown) => string;

const SCAFFOLDER_TAGS = { variableStart: '${{', variableEnd: '}}' } as const;
const COMPAT_TAGS = { variableStart: '{{', variableEnd: '}}' } as const;

function jsonRoundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

function createEnvironment(options: RenderOptions): nunjucks.Environment {
  const env = new nunjucks.Environment(null, {
    autoescape: false,
    trimBlocks: options.trimBlocks ?? false,
    lstripBlocks: options.lstripBlocks ?? false,
    tags: options.cookiecutterCompat ? COMPAT_TAGS : SCAFFOLDER_TAGS,
  });
  if (options.cookiecutterCompat) env.addFilter('jsonify', env.getFilter('dump'));
  for (const [name, filter] of Object.entries(scaffolderFilters)) {
    env.addFilter(name, (...args: unknown[]) => jsonRoundTrip(filter(...args.map(jsonRoundTrip))));
  }
  return env;
}

/**
 * A renderer for one configuration. Errors carry only Nunjucks' message (with its line and column),
 * never the values.
 */
export function createRenderer(options: RenderOptions = {}): Renderer {
  const env = createEnvironment(options);
  return (template, values) => {
    const context = jsonRoundTrip(values) ?? {};
    if (!options.cookiecutterCompat) return env.renderString(String(template), context as object);
    // Jinja compatibility patches Nunjucks globally; it is installed only around a compat render.
    const uninstall = (nunjucks.installJinjaCompat as unknown as () => (() => void) | undefined)();
    try {
      return env.renderString(String(template), context as object);
    } finally {
      uninstall?.();
    }
  };
}

/** Nunjucks' parser and node classes, which its type definitions leave out. */
interface NunjucksInternals {
  parser: { parse(src: string, extensions: unknown, options: object): NunjucksNode };
  nodes: { TemplateData: new (...args: unknown[]) => unknown };
}
export interface NunjucksNode {
  typename: string;
  children?: NunjucksNode[];
  [field: string]: unknown;
}
// The runtime module exports `parser` and `nodes`; only their declarations are missing.
const internals = nunjucks as unknown as NunjucksInternals;

/** Parses a `${{ }}` template (or a `{{ }}` one in cookiecutter mode) into Nunjucks' AST. */
export function parseTemplate(source: string, cookiecutterCompat = false): NunjucksNode {
  return internals.parser.parse(
    source,
    {},
    {
      autoescape: false,
      tags: cookiecutterCompat ? COMPAT_TAGS : SCAFFOLDER_TAGS,
    },
  );
}

/** True when the whole string is one `${{ expression }}` (Backstage's isSingleTemplateString). */
export function isSingleTemplateString(input: string): boolean {
  const parsed = parseTemplate(input);
  const children = parsed.children ?? [];
  return children.length === 1 && !(children[0]?.children?.[0] instanceof internals.nodes.TemplateData);
}

/**
 * Renders every string inside a step's `input` (or `if`, `each`, `output`) as Backstage does: a
 * string that is exactly one expression keeps the expression's type (objects, arrays, numbers,
 * booleans), an empty result removes the key, anything else renders to a string. A string that
 * fails to render is kept as written and reported through `onError`, as Backstage keeps it.
 */
export function renderValue<T>(
  input: T,
  context: unknown,
  render: Renderer,
  onError: (template: string, error: unknown) => void = () => {},
): T {
  const text = JSON.stringify(input);
  if (text === undefined) return input;
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'string') return value;
    try {
      try {
        if (isSingleTemplateString(value)) {
          // `${{ parameters.x }}` becomes `${{ (parameters.x) | dump }}` so the type survives.
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Nunjucks `${{ }}` tag, not a JS placeholder
          const dumped = render(value.replace(/\${{(.+)}}/g, '${{ ( $1 ) | dump }}'), context);
          if (dumped === '') return undefined;
          return JSON.parse(dumped);
        }
      } catch {
        // Falls back to plain string rendering, like Backstage.
      }
      const rendered = render(value, context);
      return rendered === '' ? undefined : rendered;
    } catch (error) {
      onError(value, error);
      return value;
    }
  }) as T; // JSON of a T with strings replaced by their rendered values: the caller's shape
}

/** Backstage's `isTruthy` for `if:` — an empty array is false, everything else by JavaScript truth. */
export function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}
