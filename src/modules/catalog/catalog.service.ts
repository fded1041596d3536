import type { Clock } from '../../kernel/clock.ts';
import { InputError, NotFoundError } from '../../kernel/errors.ts';
import type { Change, ServiceResolver, ServiceTarget } from '../changes/index.ts';
import { objectivesOnlySlo, type ServiceSloReader } from '../slo/index.ts';
import type { CatalogStore } from './catalog.store.ts';
import type { ServiceDetail, ServiceQuery, ServiceSummary, Team } from './contract.ts';
import { parseEntityRef } from './entity-parser.ts';
import { type CatalogPerson, catalogPeople } from './entity-people.ts';
import { ANNOTATIONS } from './entity-schema.ts';
import type { ObservedTelemetry } from './observed-telemetry.ts';
import { dependencyFindings, mergeServices, serviceEntities, telemetryNameOf } from './service-directory.ts';

export interface CatalogServiceDeps {
  store: CatalogStore;
  telemetry: ObservedTelemetry;
  /** The service's latest changes (the changes module). */
  recentChanges: (service: string) => Promise<Change[]>;
  /**
   * The SLO card's figures over the requested window (the slo module). Without it (the catalog
   * alone, in tests) a service shows its objectives with nothing measured.
   */
  slo?: ServiceSloReader;
  clock: Clock;
}

const HOUR_MS = 3600_000;
/** How far back a service counts as "seen in telemetry" when a change is mapped to it. */
const KNOWN_SERVICE_WINDOW_MS = 24 * HOUR_MS;

/** Services, teams and catalog problems: the catalog merged with what telemetry has seen. */
export function createCatalogService({ store, telemetry, recentChanges, slo, clock }: CatalogServiceDeps) {
  function rangeOf(query: ServiceQuery): { from: Date; to: Date } {
    const to = query.to ? new Date(query.to) : clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - HOUR_MS);
    if (from > to)
      throw new InputError(`query.from: ${from.toISOString()} is after to ${to.toISOString()}`, 'query.from');
    return { from, to };
  }

  async function load(query: ServiceQuery) {
    const range = rangeOf(query);
    const [entities, services, edges] = await Promise.all([
      store.listEntities(),
      telemetry.listObservedServices(range),
      telemetry.listObservedEdges(range),
    ]);
    return { entities, summaries: mergeServices(entities, { services, edges }) };
  }

  async function listTeams(): Promise<Team[]> {
    const entities = await store.listEntities(['Group', 'User', 'Component']);
    const services = serviceEntities(entities);
    const teams = new Map<string, Team>();
    for (const group of entities.filter((entity) => entity.kind === 'Group')) {
      if (teams.has(group.name)) continue;
      teams.set(group.name, {
        name: group.name,
        title: stringField(group.spec.profile, 'displayName') ?? group.title,
        description: group.description,
        email: stringField(group.spec.profile, 'email'),
        declared: true,
        members: Array.isArray(group.spec.members)
          ? group.spec.members.map((member) => parseEntityRef(String(member), 'user').name)
          : [],
        services: [],
      });
    }
    for (const user of entities.filter((entity) => entity.kind === 'User')) {
      const memberOf = Array.isArray(user.spec.memberOf) ? user.spec.memberOf : [];
      for (const group of memberOf) {
        const team = teams.get(parseEntityRef(String(group), 'group').name);
        if (team && !team.members.includes(user.name)) team.members.push(user.name);
      }
    }
    for (const service of services) {
      if (!service.owner) continue;
      if (!teams.has(service.owner)) {
        teams.set(service.owner, {
          name: service.owner,
          title: null,
          description: null,
          email: null,
          declared: false,
          members: [],
          services: [],
        });
      }
      teams.get(service.owner)?.services.push(service.name);
    }
    return [...teams.values()]
      .map((team) => ({ ...team, members: team.members.sort(), services: team.services.sort() }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  return {
    async listServices(query: ServiceQuery = {}): Promise<ServiceSummary[]> {
      return (await load(query)).summaries;
    },

    async getService(name: string, query: ServiceQuery = {}): Promise<ServiceDetail> {
      const { entities, summaries } = await load(query);
      const summary = summaries.find((service) => service.name === name);
      if (!summary)
        throw new NotFoundError(`service "${name}" is neither in the catalog nor seen in telemetry`);
      const entity = serviceEntities(entities).find((candidate) => candidate.name === name);
      const sloTarget = {
        name,
        telemetryName: entity ? telemetryNameOf(entity) : name,
        annotations: entity?.annotations ?? {},
      };
      return {
        ...summary,
        description: entity?.description ?? null,
        type: entity?.type ?? null,
        tags: entity?.tags ?? [],
        telemetryName: sloTarget.telemetryName,
        runbook: entity?.annotations[ANNOTATIONS.runbook] ?? null,
        slo: slo ? await slo(sloTarget, rangeOf(query)) : objectivesOnlySlo(sloTarget),
        declaredAt: entity ? `${entity.file}:${entity.line}` : null,
        findings: dependencyFindings(summary, entity),
        recentChanges: await recentChanges(name),
      };
    },

    listTeams,

    /** Catalog Users with their teams (for matching people who sign in). */
    async listPeople(): Promise<CatalogPerson[]> {
      return catalogPeople(await store.listEntities(['Group', 'User']));
    },

    /**
     * The catalog service a name stands for (its catalog name, or the OTel name its
     * `cairn.dev/telemetry-service-name` declares) and its owning team; null when the catalog
     * does not declare it. Reads the catalog only, never telemetry: permission checks call it.
     */
    async serviceOwnership(name: string): Promise<{ name: string; owner: string | null } | null> {
      const services = serviceEntities(await store.listEntities(['Component']));
      const entity =
        services.find((candidate) => candidate.name === name) ??
        services.find((candidate) => telemetryNameOf(candidate) === name);
      return entity ? { name: entity.name, owner: entity.owner } : null;
    },

    async getTeam(name: string): Promise<Omit<Team, 'services'> & { services: ServiceSummary[] }> {
      const team = (await listTeams()).find((candidate) => candidate.name === name);
      if (!team)
        throw new NotFoundError(`team "${name}" is neither a Group in the catalog nor a service owner`);
      const { summaries } = await load({});
      return { ...team, services: summaries.filter((service) => team.services.includes(service.name)) };
    },

    async listErrors() {
      const [errors, sources] = await Promise.all([store.listErrors(), store.listSources()]);
      const labels = new Map(sources.map((source) => [source.id, source.label]));
      return errors.map((error) => ({
        source: labels.get(error.source_id) ?? error.source_id,
        file: error.file,
        line: error.line,
        message: error.message,
        at: error.at,
      }));
    },

    /** Maps a change's sender to a service: by catalog name, or through an annotation value. */
    resolver: {
      async resolve(target: ServiceTarget) {
        const services = serviceEntities(await store.listEntities(['Component']));
        if (target.by === 'name') {
          if (services.some((entity) => entity.name === target.name))
            return { service: target.name, mapped: true };
          const to = clock.now();
          const seen = await telemetry.listObservedServices({
            from: new Date(to.getTime() - KNOWN_SERVICE_WINDOW_MS),
            to,
          });
          return { service: target.name, mapped: seen.includes(target.name) };
        }
        // GitHub repository names, Argo CD apps and Jenkins jobs compare without case.
        const wanted = target.value.toLowerCase();
        const match = services.find(
          (entity) => entity.annotations[target.annotation]?.toLowerCase() === wanted,
        );
        return match ? { service: match.name, mapped: true } : { service: null, mapped: false };
      },
    } satisfies ServiceResolver,
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;

function stringField(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' ? field : null;
}
