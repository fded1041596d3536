import type { Finding, ServiceSummary } from './contract.ts';
import type { CatalogEntity } from './entity-parser.ts';
import { formatEntityRef, parseEntityRef } from './entity-parser.ts';
import { ANNOTATIONS } from './entity-schema.ts';

/** Component types that are not running services (Backstage's library, documentation). */
const NOT_SERVICES = new Set(['library', 'documentation']);

/** Catalog components that are services, one per name (the first source wins a clash). */
export function serviceEntities(entities: CatalogEntity[]): CatalogEntity[] {
  const byName = new Map<string, CatalogEntity>();
  for (const entity of entities) {
    if (entity.kind !== 'Component' || NOT_SERVICES.has(entity.type ?? '')) continue;
    if (!byName.has(entity.name)) byName.set(entity.name, entity);
  }
  return [...byName.values()];
}

/** The OTel `service.name` a catalog service is matched by. */
export function telemetryNameOf(entity: CatalogEntity): string {
  return entity.annotations[ANNOTATIONS.telemetryServiceName] ?? entity.name;
}

/** `component:default/payment` → `payment`; other kinds keep theirs (`resource:orders-db`). */
export function presentDependency(ref: string): string {
  const parsed = parseEntityRef(ref, 'component');
  const name = parsed.namespace === 'default' ? parsed.name : `${parsed.namespace}/${parsed.name}`;
  return parsed.kind === 'component' ? name : `${parsed.kind}:${name}`;
}

export interface Observed {
  services: string[];
  edges: Array<{ source: string; target: string }>;
}

/**
 * Merges what the catalog declares with what telemetry saw: one summary per service, named by
 * the catalog where a telemetry name matches (`cairn.dev/telemetry-service-name` or the name).
 */
export function mergeServices(entities: CatalogEntity[], observed: Observed): ServiceSummary[] {
  const services = serviceEntities(entities);
  const catalogNameOf = new Map(services.map((entity) => [telemetryNameOf(entity), entity.name]));
  const named = (telemetryName: string) => catalogNameOf.get(telemetryName) ?? telemetryName;
  const seen = new Set(observed.services);
  const calls = new Map<string, Set<string>>();
  for (const edge of observed.edges) {
    const from = named(edge.source);
    if (!calls.has(from)) calls.set(from, new Set());
    calls.get(from)?.add(named(edge.target));
  }
  const observedOf = (name: string) => [...(calls.get(name) ?? [])].sort();
  const summaries: ServiceSummary[] = services.map((entity) => ({
    name: entity.name,
    title: entity.title,
    owner: entity.owner,
    system: entity.system,
    tier: entity.annotations[ANNOTATIONS.tier] ?? null,
    lifecycle: entity.lifecycle,
    links: entity.links,
    annotations: entity.annotations,
    source: seen.has(telemetryNameOf(entity)) ? 'both' : 'catalog',
    dependsOn: entity.dependsOn.map(presentDependency),
    observedDependencies: observedOf(entity.name),
  }));
  const declared = new Set(services.map(telemetryNameOf));
  for (const name of observed.services) {
    if (declared.has(name)) continue;
    summaries.push({
      name,
      title: null,
      owner: null,
      system: null,
      tier: null,
      lifecycle: null,
      links: [],
      annotations: {},
      source: 'telemetry',
      dependsOn: [],
      observedDependencies: observedOf(name),
    });
  }
  return summaries.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Where declared and observed dependencies disagree. Only a service telemetry has seen can be
 * judged: for one it has not, every declared dependency would look unobserved.
 */
export function dependencyFindings(service: ServiceSummary, entity: CatalogEntity | undefined): Finding[] {
  if (service.source !== 'both' || !entity) return [];
  const declaredNames = new Set(entity.dependsOn.map((ref) => parseEntityRef(ref, 'component').name));
  const declaredServices = entity.dependsOn
    .map((ref) => parseEntityRef(ref, 'component'))
    .filter((ref) => ref.kind === 'component')
    .map((ref) => formatEntityRef(ref));
  const observed = new Set(service.observedDependencies);
  const findings: Finding[] = [];
  for (const ref of declaredServices) {
    const name = presentDependency(ref);
    if (!observed.has(name)) {
      findings.push({
        kind: 'declared-not-observed',
        dependency: name,
        message: `${service.name} declares a dependency on ${name}, but no calls to it were seen`,
      });
    }
  }
  for (const name of service.observedDependencies) {
    if (!declaredNames.has(name)) {
      findings.push({
        kind: 'observed-not-declared',
        dependency: name,
        message: `${service.name} calls ${name}, which its catalog entry does not declare in dependsOn`,
      });
    }
  }
  return findings;
}
