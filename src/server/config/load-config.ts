import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  type Document,
  isMap,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  parse as parseYamlValue,
  visit,
} from 'yaml';
import type { z } from 'zod';
import { type CairnConfig, CairnConfigSchema } from '../../kernel/config-schema.ts';
import { isWholeReference, substituteEnv } from './env-substitution.ts';

/** A configuration problem: each line names the key and, for files, where it is (file:line). */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Values given on the command line; they win over the environment, which wins over the file. */
export interface ConfigOverrides {
  port?: number | undefined;
  otlpPort?: number | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
}

/** Environment variables and the config keys they set. */
export const ENV_KEYS: Record<string, readonly string[]> = {
  CAIRN_PORT: ['server', 'port'],
  CAIRN_OTLP_PORT: ['server', 'otlpPort'],
  CAIRN_HOST: ['server', 'host'],
  CAIRN_PUBLIC_URL: ['server', 'publicUrl'],
  CAIRN_DATA_DIR: ['dataDir'],
  CAIRN_STATE_URL: ['state', 'url'],
  CAIRN_TELEMETRY_URL: ['telemetry', 'url'],
  CAIRN_ADMIN_TOKEN: ['auth', 'adminToken'],
  CAIRN_LOG_LEVEL: ['log', 'level'],
  CAIRN_MATTERMOST_URL: ['notify', 'mattermostUrl'],
};

export interface LoadConfigOptions {
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  overrides?: ConfigOverrides;
}

/**
 * Reads cairn.yaml (optional), substitutes environment references, applies CAIRN_* variables and
 * command-line overrides, and validates the result. Throws ConfigError listing every problem.
 */
export function loadConfig({ file, env = process.env, overrides = {} }: LoadConfigOptions = {}): CairnConfig {
  const fromFile = file ? readConfigFile(file, env) : undefined;
  const raw: Record<string, unknown> = fromFile?.value ?? {};
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, coerceEnvValue(value));
  }
  const cli: Array<[readonly string[], unknown]> = [
    [['server', 'port'], overrides.port],
    [['server', 'otlpPort'], overrides.otlpPort],
    [['server', 'host'], overrides.host],
    [['dataDir'], overrides.dataDir],
  ];
  for (const [path, value] of cli) if (value !== undefined) setPath(raw, path, value);

  const result = CairnConfigSchema.safeParse(raw);
  if (result.success) return file ? resolveFromConfigDir(result.data, dirname(resolve(file))) : result.data;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, env, fromFile?.locate)));
}

/** Catalog, policy, action, template and runbook paths in cairn.yaml mean "next to this file", wherever Cairn is started from. */
function resolveFromConfigDir(config: CairnConfig, dir: string): CairnConfig {
  const local = (path: string) => (isAbsolute(path) ? path : resolve(dir, path));
  // Only a relative filesystem path is rewritten; URLs and scp-style `host:repo` stay as written.
  const localUrl = (url: string) => (/^\.\.?\//.test(url) ? local(url) : url);
  const sources = config.catalog.sources.map((source) =>
    source.type === 'dir'
      ? { ...source, path: local(source.path) }
      : { ...source, url: localUrl(source.url) },
  );
  const gitopsSources = config.gitops.sources.map((source) =>
    source.type === 'dir'
      ? { ...source, path: local(source.path) }
      : { ...source, url: localUrl(source.url) },
  );
  return {
    ...config,
    catalog: { ...config.catalog, sources },
    policy: { paths: config.policy.paths.map(local) },
    actions:
      config.actions.dir === undefined
        ? config.actions
        : { ...config.actions, dir: local(config.actions.dir) },
    templates: { ...config.templates, paths: config.templates.paths.map(local) },
    runbooks: { ...config.runbooks, dir: local(config.runbooks.dir) },
    gitops: { ...config.gitops, sources: gitopsSources },
  };
}

interface ConfigFile {
  value: Record<string, unknown>;
  /** `file:line` of the deepest existing key along a path. */
  locate(keyPath: string[]): string;
}

function readConfigFile(file: string, env: NodeJS.ProcessEnv): ConfigFile {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? error})`,
    ]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems = document.errors.map((error) => {
    const line = lineCounter.linePos(error.pos[0]).line;
    return `${file}:${line}: invalid YAML: ${error.message.split('\n')[0]}`;
  });
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const substituted = substituteEnv(node.value, env, dirname(path));
      if (!substituted.ok) {
        problems.push(`${file}:${lineOf(node, lineCounter)}: ${substituted.missing}`);
        return;
      }
      node.value = isWholeReference(node.value) ? coerceEnvValue(substituted.value) : substituted.value;
    },
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const value: unknown = document.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([`${file}:1: the top level must be a mapping of keys (dataDir, server, …)`]);
  }
  return {
    // A mapping at the top level was just checked, so this is a plain object of keys.
    value: value as Record<string, unknown>,
    locate: (keyPath) => {
      const line = lineOfKey(document, lineCounter, keyPath);
      return line ? `${file}:${line}` : file;
    },
  };
}

function describeIssue(
  issue: z.core.$ZodIssue,
  env: NodeJS.ProcessEnv,
  locate: ((keyPath: string[]) => string) | undefined,
): string {
  const path = issue.path.map(String);
  const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const keyPath = unknownKeys.length > 0 ? [...path, unknownKeys[0] ?? ''] : path;
  const key = keyPath.join('.') || '(top level)';
  const message =
    unknownKeys.length > 0 ? `unknown key (known keys are listed in docs/configuration.md)` : issue.message;
  const fromEnv = Object.entries(ENV_KEYS).find(
    ([name, envPath]) => env[name] && envPath.join('.') === keyPath.join('.'),
  );
  if (fromEnv) return `${fromEnv[0]} (${key}): ${message}`;
  return `${locate ? `${locate(keyPath)}: ` : ''}${key}: ${message}`;
}

/** Walks down as far as the key path exists and returns the line of the deepest key found. */
function lineOfKey(document: Document, lineCounter: LineCounter, keyPath: string[]): number | undefined {
  let node: unknown = document.contents;
  let line: number | undefined;
  for (const segment of keyPath) {
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
    if (!pair) break;
    line = lineOf(pair.key as Node, lineCounter);
    node = pair.value;
  }
  return line;
}

function lineOf(node: Node, lineCounter: LineCounter): number {
  const offset = node.range?.[0] ?? 0;
  return lineCounter.linePos(offset).line;
}

/** `CAIRN_PORT=7420` must become the number 7420; YAML's scalar rules decide, as in the file. */
function coerceEnvValue(value: string): unknown {
  try {
    const parsed: unknown = parseYamlValue(value);
    return typeof parsed === 'number' || typeof parsed === 'boolean' ? parsed : value;
  } catch {
    return value;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}
