/**
 * `cairn config diff DIR`: what applying a catalog directory would change against the running
 * Cairn's declared services: added, changed (naming the fields) and removed.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  type CatalogEntity,
  readCatalogDirectory,
  type ServiceSummary,
} from '../../modules/catalog/index.ts';
import { type ApiTargetOptions, callApi, resolveApiTarget } from '../api-client.ts';
import { CliError } from '../cli-error.ts';

/** Catalog component types that are not services (as the catalog itself treats them). */
const NOT_SERVICES = new Set(['library', 'documentation']);

/** The fields of a service both sides can state, compared as Cairn presents them. */
interface ComparableService {
  title: string | null;
  owner: string | null;
  system: string | null;
  lifecycle: string | null;
  links: Array<{ url: string; title: string | null }>;
  annotations: Record<string, string>;
  dependsOn: string[];
}

/** `component:default/payment` and `payment` both compare as `payment`; other kinds keep theirs. */
function dependencyName(ref: string): string {
  const [kindOrName, rest] = ref.includes(':') ? ref.split(/:(.*)/s) : [undefined, ref];
  const name = (rest ?? ref).split('/').pop() ?? ref;
  const kind = kindOrName?.toLowerCase();
  return kind && kind !== 'component' ? `${kind}:${name}` : name;
}

function fromEntity(entity: CatalogEntity): ComparableService {
  return {
    title: entity.title,
    owner: entity.owner,
    system: entity.system,
    lifecycle: entity.lifecycle,
    links: entity.links,
    annotations: entity.annotations,
    dependsOn: entity.dependsOn.map(dependencyName).sort(),
  };
}

function fromSummary(service: ServiceSummary): ComparableService {
  return {
    title: service.title,
    owner: service.owner,
    system: service.system,
    lifecycle: service.lifecycle,
    links: service.links,
    annotations: service.annotations,
    dependsOn: service.dependsOn.map(dependencyName).sort(),
  };
}

export interface CatalogDiff {
  added: string[];
  changed: Array<{ name: string; fields: string[] }>;
  removed: string[];
}

/** Compares the services declared in `local` with those the running Cairn declares. */
export function diffCatalog(local: CatalogEntity[], running: ServiceSummary[]): CatalogDiff {
  const wanted = new Map<string, CatalogEntity>();
  for (const entity of local) {
    if (entity.kind !== 'Component' || NOT_SERVICES.has(entity.type ?? '')) continue;
    if (!wanted.has(entity.name)) wanted.set(entity.name, entity);
  }
  const current = new Map(running.filter((s) => s.source !== 'telemetry').map((s) => [s.name, s]));
  const diff: CatalogDiff = { added: [], changed: [], removed: [] };
  for (const [name, entity] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const present = current.get(name);
    if (!present) {
      diff.added.push(name);
      continue;
    }
    const before = fromSummary(present);
    const after = fromEntity(entity);
    const fields = (Object.keys(after) as Array<keyof ComparableService>).filter(
      (field) => !isDeepStrictEqual(before[field], after[field]),
    );
    if (fields.length > 0) diff.changed.push({ name, fields });
  }
  diff.removed = [...current.keys()].filter((name) => !wanted.has(name)).sort();
  return diff;
}

/** Reads the directory, asks the running Cairn, prints one line per difference. */
export async function runConfigDiff(
  dir: string,
  options: ApiTargetOptions & { json?: boolean; exitCode?: boolean },
): Promise<void> {
  const read = await readCatalogDirectory(dir);
  if (read.problems.length > 0) {
    throw new CliError(
      `${dir} has catalog problems:\n  ${read.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n  ')}`,
    );
  }
  const running = await callApi<{ items: ServiceSummary[] }>(
    resolveApiTarget(options),
    'GET',
    '/api/v1/services',
  );
  const diff = diffCatalog(read.entities, running.items);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
  } else {
    const lines = [
      ...diff.added.map((name) => `+ service ${name}`),
      ...diff.changed.map(({ name, fields }) => `~ service ${name} (${fields.join(', ')})`),
      ...diff.removed.map((name) => `- service ${name}`),
    ];
    process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    process.stderr.write(
      `${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed\n`,
    );
  }
  const differs = diff.added.length + diff.changed.length + diff.removed.length > 0;
  if (options.exitCode && differs) process.exitCode = 2;
}
