/**
 * Reading action definitions from the configuration repository: every YAML document under a
 * directory is one action. Each problem is reported with its file and line and does not stop the
 * other actions (the way the catalog reports descriptors): a bad schema, an unknown executor kind,
 * executor settings its adapter refuses, a CEL rule that does not parse, a duplicate id.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { lineAtPath } from '../../kernel/yaml-lines.ts';
import { compileExpression } from '../policy/index.ts';
import { type ActionDefinition, ActionDefinitionSchema, PICKERS } from './contract.ts';
import type { ExecutorRegistry } from './executor.ts';
import { substituteSettings, unknownPlaceholders } from './settings-template.ts';

export interface ActionProblem {
  file: string;
  line: number | null;
  message: string;
}

export interface ActionSet {
  actions: ActionDefinition[];
  problems: ActionProblem[];
  files: number;
}

/** Reads every action under `root` (a directory or one file); names are shown relative to `displayRoot`. */
export function readActionDirectory(
  root: string,
  executors: ExecutorRegistry,
  displayRoot = root,
): ActionSet {
  let files: string[];
  try {
    files = listYamlFiles(root);
  } catch {
    return {
      actions: [],
      problems: [{ file: displayRoot, line: null, message: 'no such file or directory' }],
      files: 0,
    };
  }
  const actions: ActionDefinition[] = [];
  const problems: ActionProblem[] = [];
  for (const path of files) {
    const shown = path === root ? displayRoot : join(displayRoot, relative(root, path));
    const parsed = parseActionFile(shown, readFileSync(path, 'utf8'), executors);
    problems.push(...parsed.problems);
    for (const action of parsed.actions) {
      const first = actions.find((other) => other.id === action.id);
      if (first) {
        problems.push({
          file: action.file,
          line: action.line,
          message: `id: "${action.id}" is declared twice; the first is at ${first.file}:${first.line}`,
        });
      } else actions.push(action);
    }
  }
  return { actions, problems, files: files.length };
}

/** Parses one file of action definitions (any number of YAML documents). */
export function parseActionFile(
  file: string,
  text: string,
  executors: ExecutorRegistry,
): { actions: ActionDefinition[]; problems: ActionProblem[] } {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const actions: ActionDefinition[] = [];
  const problems: ActionProblem[] = [];
  for (const document of Array.isArray(documents) ? documents : []) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const line = lineCounter.linePos(error.pos[0]).line;
        problems.push({ file, line, message: `invalid YAML: ${error.message.split('\n')[0]}` });
      }
      continue;
    }
    if (document.contents === null) continue;
    const at = (path: Array<string | number>) => ({ file, line: lineAtPath(document, lineCounter, path) });
    const result = ActionDefinitionSchema.safeParse(document.toJS());
    if (!result.success) {
      problems.push(...zodProblems(result.error, [], at));
      continue;
    }
    const action: ActionDefinition = { ...result.data, file, line: at([]).line ?? 1 };
    const found = checkDefinition(action, executors, at);
    problems.push(...found);
    if (found.length === 0) actions.push(action);
  }
  return { actions, problems };
}

const ajv = new Ajv({ strict: false, allErrors: true });

/** What the schema cannot say: executor, settings, CEL, JSON Schema, pickers. */
function checkDefinition(
  action: ActionDefinition,
  executors: ExecutorRegistry,
  at: (path: Array<string | number>) => { file: string; line: number | null },
): ActionProblem[] {
  const problems: ActionProblem[] = [];
  const inputNames = Object.keys(action.inputs.properties);
  const executor = executors[action.executor.kind];
  if (!executor) {
    const known = Object.keys(executors).sort().join(', ') || 'none';
    problems.push({
      ...at(['executor', 'kind']),
      message: `executor.kind: "${action.executor.kind}" is not an executor this Cairn has (known: ${known})`,
    });
  } else {
    for (const name of unknownPlaceholders(action.executor.settings, inputNames)) {
      problems.push({
        ...at(['executor', 'settings']),
        message: `executor.settings: \${{ ${name} }} names nothing (service, environment, or inputs.${inputNames.join('|inputs.') || '<none>'})`,
      });
    }
    const sample = substituteSettings(action.executor.settings, {
      service: 'service',
      environment: 'production',
      inputs: sampleInputs(action.inputs.properties),
    });
    const settings = executor.settingsSchema.safeParse(sample);
    if (!settings.success) problems.push(...zodProblems(settings.error, ['executor', 'settings'], at));
  }
  try {
    ajv.compile(action.inputs);
  } catch (error) {
    problems.push({
      ...at(['inputs']),
      message: `inputs: not a valid JSON Schema: ${(error as Error).message}`,
    });
  }
  for (const [name, property] of Object.entries(action.inputs.properties)) {
    const picker = (property as Record<string, unknown> | null)?.['x-cairn-picker'];
    if (picker !== undefined && !(PICKERS as readonly unknown[]).includes(picker)) {
      problems.push({
        ...at(['inputs', 'properties', name, 'x-cairn-picker']),
        message: `inputs.properties.${name}.x-cairn-picker: "${String(picker)}" is not a picker (${PICKERS.join(', ')})`,
      });
    }
  }
  const expressions: Array<{ path: Array<string | number>; text: string }> = action.guardrails.rules.map(
    (rule, index) => ({ path: ['guardrails', 'rules', index, 'expression'], text: rule.expression }),
  );
  if (action.guardrails.approval.when !== undefined) {
    expressions.push({ path: ['guardrails', 'approval', 'when'], text: action.guardrails.approval.when });
  }
  for (const expression of expressions) {
    try {
      compileExpression(expression.text);
    } catch (error) {
      problems.push({
        ...at(expression.path),
        message: `${expression.path.join('.')}: CEL does not parse: ${(error as Error).message}`,
      });
    }
  }
  if (action.target === 'none' && action.guardrails.approval.approvers.includes('owner-team')) {
    problems.push({
      ...at(['guardrails', 'approval', 'approvers']),
      message: 'guardrails.approval.approvers: owner-team needs target: service',
    });
  }
  return problems;
}

/** Values of the right type for each input, so settings can be checked before any run. */
function sampleInputs(properties: Record<string, unknown>): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(properties)) {
    const property = (raw ?? {}) as { default?: unknown; enum?: unknown[]; type?: unknown };
    if (property.default !== undefined) sample[name] = property.default;
    else if (Array.isArray(property.enum) && property.enum.length > 0) sample[name] = property.enum[0];
    else if (property.type === 'integer' || property.type === 'number') sample[name] = 1;
    else if (property.type === 'boolean') sample[name] = true;
    else sample[name] = name;
  }
  return sample;
}

function zodProblems(
  error: z.ZodError,
  prefix: Array<string | number>,
  at: (path: Array<string | number>) => { file: string; line: number | null },
): ActionProblem[] {
  return error.issues.map((issue) => {
    const path = [
      ...prefix,
      ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    ];
    return { ...at(path), message: `${path.join('.') || '(document)'}: ${issue.message}` };
  });
}

function listYamlFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory())
        return entry.name.startsWith('.') || entry.name === 'node_modules' ? [] : listYamlFiles(child);
      return entry.isFile() && /\.ya?ml$/i.test(entry.name) ? [child] : [];
    });
}
