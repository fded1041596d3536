/**
 * The policy module wired: policies and scorecards (the last good of each config source, or read
 * once from `policy.paths`), the admission webhook keeping what it finds as violations, and
 * scorecards that read those violations. Split from compose.ts to keep that file to the graph.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../kernel/clock.ts';
import type { CairnConfig } from '../kernel/config-schema.ts';
import type { Logger } from '../kernel/logger.ts';
import type { AuditService } from '../modules/audit/index.ts';
import type { ChangeService } from '../modules/changes/index.ts';
import {
  createAdmissionService,
  createPolicyViolationService,
  createPolicyViolationStore,
  createScorecardService,
  createScorecardStore,
  loadPolicySet,
  loadScorecards,
  type PolicySet,
  policyRoutes,
  type Scorecard,
  type ScoredService,
  serviceOfObject,
} from '../modules/policy/index.ts';
import { objectivesFromAnnotations, objectivesFromConfig } from '../modules/slo/index.ts';
import type { StateDatabase } from '../stores/state/index.ts';
import type { RouteDefinition } from './http/route.ts';

export interface PolicyDeps {
  config: CairnConfig;
  db: Kysely<StateDatabase>;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  changes: ChangeService;
  catalog: { listServices(): Promise<ScoredService[]> };
  /** The policies and scorecards the config reconciler applied; without it `policy.paths` is read once. */
  loaded?: () => { policySet: PolicySet; scorecards: Scorecard[] };
}

/** How long the catalog lookup behind violation recording is reused: admissions come in bursts. */
const CATALOG_REUSE_MS = 30_000;

/** Kyverno's description annotation says what a policy wants, which is how to fix a failure. */
function fixesOf(policySet: PolicySet): (policy: string) => string | null {
  const fixes = new Map(
    policySet.policies.map((p) => [
      p.name,
      p.annotations['cairn.dev/fix'] ?? p.annotations['policies.kyverno.io/description'] ?? null,
    ]),
  );
  return (policy) => fixes.get(policy)?.trim() || null;
}

export function composePolicy(deps: PolicyDeps) {
  const { config, db, clock, logger, catalog } = deps;
  const loaded =
    deps.loaded ??
    (
      (fixed) => () =>
        fixed
    )({
      policySet: loadPolicySet(config.policy.paths),
      scorecards: loadScorecards(config.policy.paths),
    });
  const policySet = () => loaded().policySet;

  let cached: { at: number; services: Promise<ScoredService[]> } | null = null;
  const catalogServices = () => {
    if (!cached || Date.now() - cached.at > CATALOG_REUSE_MS) {
      cached = { at: Date.now(), services: catalog.listServices() };
    }
    return cached.services;
  };

  const violations = createPolicyViolationService({
    store: createPolicyViolationStore(db),
    clock,
    logger,
    audit: (event) => deps.audit.record(event),
    serviceOf: async (object) => serviceOfObject(object, await catalogServices()),
    ownerOf: async (service) => (await catalogServices()).find((s) => s.name === service)?.owner ?? null,
    servicesOf: async (team) =>
      (await catalog.listServices()).filter((s) => s.owner === team).map((s) => s.name),
    fixFor: (policy) => fixesOf(policySet())(policy),
  });

  const admission = createAdmissionService({
    policies: policySet,
    onReviewed: ({ object, results, deleted, username }) =>
      violations.recordLater({
        source: 'admission',
        object,
        results,
        deleted,
        actor: {
          id: `kubernetes:${username ?? 'unknown'}`,
          name: username ?? 'kubernetes',
          ip: null,
          userAgent: null,
        },
      }),
  });

  const scorecardService = createScorecardService({
    scorecards: () => loaded().scorecards,
    services: () => catalog.listServices(),
    lastDeployAt: async (service) =>
      (await deps.changes.recentForService(service, 50)).find(
        (c) => c.kind === 'deploy' && c.status === 'succeeded',
      )?.at ?? null,
    sloDefined: (service) =>
      [...objectivesFromConfig(config.slo.objectives), ...objectivesFromAnnotations([service])].some(
        (o) => o.service === service.name,
      ),
    openDenyViolations: () => violations.openDenyCounts(),
    // A route to a log channel writes pages nowhere a person is paged from.
    notifyRouted: (service) =>
      config.notify.routes.some(
        (route) =>
          (route.service === service.name || (route.team !== undefined && route.team === service.owner)) &&
          config.notify.channels[route.channel]?.kind !== 'log',
      ),
    store: createScorecardStore(db),
    clock,
  });

  const routes: RouteDefinition[] = policyRoutes({ admission, scorecards: scorecardService, violations });
  return { policySet, violations, routes };
}
