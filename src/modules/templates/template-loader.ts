/**
 * Reads Backstage scaffolder templates (`template.yaml`, `scaffolder.backstage.io/v1beta3`,
 * `kind: Template`) from the configured directories, unchanged. Only the shape the engine relies on
 * is checked here; parameters are JSON Schema and stay as written.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../kernel/errors.ts';

export const TEMPLATE_API_VERSION = 'scaffolder.backstage.io/v1beta3';

const StepSchema = z
  .object({
    id: z.string().min(1).optional(),
    name: z.string().optional(),
    action: z.string().min(1),
    input: z.record(z.string(), z.unknown()).optional(),
    if: z.union([z.string(), z.boolean()]).optional(),
    each: z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  })
  .passthrough();

export const TemplateDocumentSchema = z.object({
  apiVersion: z.literal(TEMPLATE_API_VERSION),
  kind: z.literal('Template'),
  metadata: z
    .object({
      name: z.string().min(1),
      title: z.string().optional(),
      description: z.string().optional(),
      tags: z.array(z.string()).optional(),
    })
    .passthrough(),
  spec: z
    .object({
      owner: z.string().optional(),
      type: z.string().optional(),
      parameters: z
        .union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))])
        .optional(),
      steps: z.array(StepSchema).default([]),
      output: z.record(z.string(), z.unknown()).optional(),
    })
    .passthrough(),
});

export type TemplateStep = z.infer<typeof StepSchema> & { id: string; name: string };

/** A template as read: its document plus where it lives (skeleton URLs resolve against `dir`). */
export interface LoadedTemplate {
  name: string;
  title: string;
  description: string;
  tags: string[];
  owner: string | null;
  type: string | null;
  /** Parameter pages: one JSON Schema object per page. */
  parameters: Record<string, unknown>[];
  steps: TemplateStep[];
  output: Record<string, unknown>;
  file: string;
  dir: string;
}

/** Reads one `template.yaml`; errors name the file and the field. */
export function readTemplateFile(file: string): LoadedTemplate {
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(
      `${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = TemplateDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${file}: ${issue?.path.join('.') || '(document)'}: ${issue?.message ?? 'invalid'}`);
  }
  const { metadata, spec } = parsed.data;
  const pages =
    spec.parameters === undefined ? [] : Array.isArray(spec.parameters) ? spec.parameters : [spec.parameters];
  const steps = spec.steps.map((step, index) => {
    const id = step.id ?? `step-${index}`;
    return { ...step, id, name: step.name ?? id };
  });
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id)) throw new InputError(`${file}: spec.steps: the id "${step.id}" is used twice`);
    ids.add(step.id);
  }
  return {
    name: metadata.name,
    title: metadata.title ?? metadata.name,
    description: metadata.description ?? '',
    tags: metadata.tags ?? [],
    owner: spec.owner ?? null,
    type: spec.type ?? null,
    parameters: pages,
    steps,
    output: spec.output ?? {},
    file: resolve(file),
    dir: dirname(resolve(file)),
  };
}

export const TEMPLATE_FILE_NAMES = ['template.yaml', 'template.yml'];
const MAX_DEPTH = 4;

export function findTemplateFiles(path: string, depth = 0): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  for (const name of TEMPLATE_FILE_NAMES) {
    if (existsSync(join(path, name))) return [join(path, name)];
  }
  if (depth >= MAX_DEPTH) return [];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => findTemplateFiles(join(path, entry.name), depth + 1));
}

/**
 * Every template under the given paths: a `template.yaml`, a directory holding one, or a directory
 * whose subdirectories do (a skeleton directory is never searched below its template). Two
 * templates with one name are refused, naming both files.
 */
export function loadTemplates(paths: readonly string[]): LoadedTemplate[] {
  const byName = new Map<string, LoadedTemplate>();
  for (const path of paths) {
    for (const file of findTemplateFiles(resolve(path))) {
      if (!TEMPLATE_FILE_NAMES.includes(basename(file)) && !/\.ya?ml$/.test(file)) continue;
      const template = readTemplateFile(file);
      const other = byName.get(template.name);
      if (other) {
        throw new InputError(
          `template "${template.name}" is defined twice: ${other.file} and ${template.file}`,
        );
      }
      byName.set(template.name, template);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
