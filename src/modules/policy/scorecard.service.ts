/**
 * Scorecards over the catalog: each service scored against every configured scorecard with what
 * Cairn knows of it (owner, runbook, SLO, last deploy, on-call route, open Deny violations). Each evaluation records the
 * day's result, so the portal shows the level per service and per team with its trend.
 */
import type { Clock } from '../../kernel/clock.ts';
import type { ScorecardStore } from './scorecard.store.ts';
import { type ServiceFacts, type ServiceScore, scoreService } from './scorecard-evaluator.ts';
import { type Scorecard, type ScorecardLevel, scorecardLevels } from './scorecard-model.ts';

/** The catalog fields scorecards read (a subset of the catalog's service summary). */
export interface ScoredService {
  name: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  tier: string | null;
  lifecycle: string | null;
  links: { url: string; title: string | null }[];
  annotations: Record<string, string>;
}

export interface ScorecardServiceDeps {
  scorecards: () => Scorecard[];
  services: () => Promise<ScoredService[]>;
  /** When the service last deployed successfully, or null. */
  lastDeployAt: (service: string) => Promise<string | null>;
  /** Whether an SLO objective (config or annotation) applies to the service. */
  sloDefined: (service: ScoredService) => boolean;
  /** Open failures of Deny policies per service (admission and action guardrails). */
  openDenyViolations: () => Promise<Map<string, number>>;
  /** Whether Cairn's own notification routes send the service's pages to a team channel. */
  notifyRouted: (service: ScoredService) => boolean;
  store: ScorecardStore;
  clock: Clock;
}

export interface TeamScore {
  team: string;
  services: number;
  /** Services per level reached ('none' for below bronze). */
  levels: Record<ScorecardLevel | 'none', number>;
}

export interface ScorecardOverview {
  evaluatedAt: string;
  scorecards: { name: string; rules: { name: string; level: ScorecardLevel; message: string }[] }[];
  services: ServiceScore[];
  teams: (TeamScore & { scorecard: string })[];
  /** Per scorecard and day: services per level, oldest day first (last 30 days). */
  trend: { scorecard: string; day: string; levels: Record<ScorecardLevel | 'none', number> }[];
}

const onCallAnnotations = [
  'cairn.dev/on-call',
  'pagerduty.com/service-id',
  'pagerduty.com/integration-key',
  'opsgenie.com/team',
];
const dayMs = 86_400_000;

function emptyLevels(): Record<ScorecardLevel | 'none', number> {
  return { none: 0, bronze: 0, silver: 0, gold: 0 };
}

/** Facts about one service from the catalog and the change record. */
export function factsFor(
  service: ScoredService,
  lastDeployAt: string | null,
  sloDefined: boolean,
  now: Date,
  known: { openDenyViolations: number; notifyRouted: boolean } = {
    openDenyViolations: 0,
    notifyRouted: false,
  },
): ServiceFacts {
  const daysSinceDeploy =
    lastDeployAt === null ? -1 : Math.floor((now.getTime() - Date.parse(lastDeployAt)) / dayMs);
  return {
    ownerSet: service.owner !== null && service.owner !== '',
    runbookLinked:
      Boolean(service.annotations['cairn.dev/runbook']) ||
      service.links.some((l) => /runbook/i.test(l.title ?? '') || /runbook/i.test(l.url)),
    sloDefined,
    lastDeployAt,
    daysSinceDeploy,
    deployedInLast30Days: daysSinceDeploy >= 0 && daysSinceDeploy < 30,
    onCallRoute: known.notifyRouted || onCallAnnotations.some((key) => Boolean(service.annotations[key])),
    openDenyViolations: known.openDenyViolations,
    noOpenDenyViolations: known.openDenyViolations === 0,
  };
}

export function createScorecardService(deps: ScorecardServiceDeps) {
  return {
    /** Scores every service now, records the day's results and returns them with the trend. */
    async overview(): Promise<ScorecardOverview> {
      const now = deps.clock.now();
      const evaluatedAt = now.toISOString();
      const services = await deps.services();
      const scorecards = deps.scorecards();
      const openDeny = await deps.openDenyViolations();
      const scores: ServiceScore[] = [];
      for (const service of services) {
        const facts = factsFor(
          service,
          await deps.lastDeployAt(service.name),
          deps.sloDefined(service),
          now,
          { openDenyViolations: openDeny.get(service.name) ?? 0, notifyRouted: deps.notifyRouted(service) },
        );
        for (const scorecard of scorecards) scores.push(scoreService(scorecard, { ...service }, facts));
      }
      await deps.store.saveDay(scores, evaluatedAt);
      const teams = new Map<string, TeamScore & { scorecard: string }>();
      for (const score of scores) {
        const key = `${score.scorecard}\u0000${score.team ?? ''}`;
        const team = teams.get(key) ?? {
          scorecard: score.scorecard,
          team: score.team ?? '(no owner)',
          services: 0,
          levels: emptyLevels(),
        };
        team.services++;
        team.levels[score.level ?? 'none']++;
        teams.set(key, team);
      }
      const history = await deps.store.since(new Date(now.getTime() - 29 * dayMs).toISOString().slice(0, 10));
      const trend = new Map<string, ScorecardOverview['trend'][number]>();
      for (const row of history) {
        const key = `${row.scorecard}\u0000${row.day}`;
        const point = trend.get(key) ?? { scorecard: row.scorecard, day: row.day, levels: emptyLevels() };
        point.levels[row.level ?? 'none']++;
        trend.set(key, point);
      }
      return {
        evaluatedAt,
        scorecards: scorecards.map((s) => ({
          name: s.name,
          rules: s.rules.map((r) => ({ name: r.name, level: r.level, message: r.message })),
        })),
        services: scores,
        teams: [...teams.values()].sort((a, b) => a.team.localeCompare(b.team)),
        trend: [...trend.values()],
      };
    },
  };
}

export type ScorecardService = ReturnType<typeof createScorecardService>;
export { scorecardLevels };
