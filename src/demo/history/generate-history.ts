import { createRandom, type Random } from '../random.ts';
import { SERVICE_PROFILES } from '../shop/topology.ts';
import {
  generateSupportRequests,
  generateSurveyAnswers,
  type HistorySupportRequest,
  type HistorySurveyAnswer,
} from './generate-feedback.ts';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** The shop services whose history the demo carries (the example catalog's names). */
export const HISTORY_SERVICES = ['checkout', 'cart', 'payment', 'frontend', 'productcatalog'] as const;

/** A body for `POST /api/v1/changes`. */
export interface HistoryChange {
  service: string;
  kind: 'deploy' | 'rollback';
  version: string;
  previousVersion: string;
  revision: string;
  commits: Array<{ sha: string; at: string; message: string; author: string }>;
  author: string;
  startedAt: string;
  finishedAt: string;
  description: string;
  idempotencyKey: string;
  source: 'api' | 'cli';
}

/**
 * An item for `POST /api/v1/imports/incidents`, naming the deploy that caused it by its
 * idempotency key: the seed swaps it for the change id Cairn answered when the deploy was posted.
 */
export interface HistoryIncident {
  externalId: string;
  title: string;
  severity: 'critical' | 'warning';
  services: string[];
  openedAt: string;
  acknowledgedAt: string;
  resolvedAt: string;
  resolvedBy: string;
  paged: boolean;
  deployKey: string;
}

export interface DemoHistory {
  changes: HistoryChange[];
  incidents: HistoryIncident[];
  surveyAnswers: HistorySurveyAnswer[];
  supportRequests: HistorySupportRequest[];
  /**
   * What DORA and insights should find: deployments (deploys + rollbacks), failed deploys,
   * commits; incidents (one per failed deploy), survey answers, support requests and how many of
   * those were solved without the platform team.
   */
  expected: {
    deployments: number;
    rollbacks: number;
    failed: number;
    commits: number;
    incidents: number;
    surveyAnswers: number;
    supportRequests: number;
    selfServiceResolved: number;
  };
}

const AUTHORS = ['grace', 'ada', 'linus', 'margaret', 'ken'];
const MESSAGES = [
  'fix rounding of totals',
  'add retry to the client',
  'bump dependencies',
  'log the order id',
  'faster cache lookups',
  'tidy the handler',
];

/**
 * 90 days of deployments of the shop before `nowMs`, the same for the same seed: each service
 * deploys every one to four days with one to four commits made 1-40 h before; one deploy in eight
 * is bad and rolled back to the previous version 20-50 minutes later (a failed deployment by
 * DORA's rollback rule), and opened an incident 3-10 minutes after it that the bad deploy caused
 * and that resolved 2-8 minutes after the rollback. Versions are 0.x.0; each service's history
 * ends with a deploy of the release the live shop starts on, so the version before the shop's
 * first deploy (what a rollback offers) is that release, not a historical 0.x. Survey answers
 * and support requests come from `generate-feedback.ts`. Idempotency keys and external ids make
 * posting it twice record nothing new.
 */
export function generateDemoHistory(nowMs: number, seed = 90): DemoHistory {
  const random = createRandom(seed);
  // Its own stream, so the deploys stay the same as before the history had incidents.
  const incidentRandom = createRandom(seed + 1);
  // Whole hours, so the history does not move between two starts within the same hour.
  const endMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS - DAY_MS;
  const startMs = endMs - 89 * DAY_MS;
  const changes: HistoryChange[] = [];
  const incidents: HistoryIncident[] = [];
  const expected = { deployments: 0, rollbacks: 0, failed: 0, commits: 0 };
  for (const service of HISTORY_SERVICES) {
    let minor = 0;
    let running = '0.0.0';
    let atMs = startMs + Math.floor(random.next() * DAY_MS);
    const current = SERVICE_PROFILES[service].version;
    while (atMs <= endMs) {
      const previous = running;
      minor += 1;
      // The last deploy, at the end of the history, is the release running today.
      const last = atMs === endMs;
      const version = last ? current : `0.${minor}.0`;
      const n = 1 + Math.floor(random.next() * 4);
      const commits = Array.from({ length: n }, () => ({
        sha: random.hex(20),
        at: new Date(atMs - Math.round((1 + random.next() * 39) * HOUR_MS)).toISOString(),
        message: MESSAGES[Math.floor(random.next() * MESSAGES.length)] ?? 'change',
        author: AUTHORS[Math.floor(random.next() * AUTHORS.length)] ?? 'grace',
      }));
      const deploy: HistoryChange = {
        service,
        kind: 'deploy',
        version,
        previousVersion: previous,
        revision: commits.at(-1)?.sha ?? random.hex(20),
        commits,
        author: commits[0]?.author ?? 'grace',
        startedAt: new Date(atMs - 5 * 60_000).toISOString(),
        finishedAt: new Date(atMs).toISOString(),
        description: `deploy ${service} ${version}`,
        idempotencyKey: `demo-history:${seed}:${service}:${version}`,
        source: random.chance(0.3) ? 'cli' : 'api',
      };
      changes.push(deploy);
      expected.deployments += 1;
      expected.commits += n;
      running = version;
      if (last) break;
      if (random.chance(1 / 8)) {
        const backMs = atMs + Math.round((20 + random.next() * 30) * 60_000);
        changes.push({
          ...deploy,
          kind: 'rollback',
          version: previous,
          previousVersion: version,
          revision: random.hex(20),
          commits: [],
          startedAt: new Date(backMs - 2 * 60_000).toISOString(),
          finishedAt: new Date(backMs).toISOString(),
          description: `roll back ${service} ${version} to ${previous}`,
          idempotencyKey: `demo-history:${seed}:${service}:${version}:rollback`,
        });
        incidents.push(incidentOf(deploy, atMs, backMs, incidentRandom));
        expected.deployments += 1;
        expected.rollbacks += 1;
        expected.failed += 1;
        running = previous;
      }
      atMs = Math.min(endMs, atMs + Math.round((1 + random.next() * 3) * DAY_MS));
    }
  }
  const surveyAnswers = generateSurveyAnswers(endMs, seed);
  const supportRequests = generateSupportRequests(endMs, seed);
  return {
    changes,
    incidents,
    surveyAnswers,
    supportRequests,
    expected: {
      ...expected,
      incidents: incidents.length,
      surveyAnswers: surveyAnswers.length,
      supportRequests: supportRequests.length,
      selfServiceResolved: supportRequests.filter((r) => r.resolution === 'self-service').length,
    },
  };
}

/**
 * The incident a bad deploy caused: it opened 3-10 minutes after the deploy and resolved 2-8
 * minutes after the rollback, so DORA's recovery stays the rollback (the first of the two) and
 * no other deploy of the service falls inside it.
 */
function incidentOf(
  deploy: HistoryChange,
  deployMs: number,
  rollbackMs: number,
  random: Random,
): HistoryIncident {
  const minutes = (from: number, to: number) => Math.round((from + random.next() * (to - from)) * 60_000);
  const openedMs = deployMs + minutes(3, 10);
  const critical = random.chance(0.5);
  return {
    externalId: `${deploy.idempotencyKey}:incident`,
    title: `${deploy.service} ${critical ? 'error rate' : 'latency'} up after deploy ${deploy.version}`,
    severity: critical ? 'critical' : 'warning',
    services: [deploy.service],
    openedAt: new Date(openedMs).toISOString(),
    acknowledgedAt: new Date(openedMs + minutes(1, 5)).toISOString(),
    resolvedAt: new Date(rollbackMs + minutes(2, 8)).toISOString(),
    resolvedBy: deploy.author,
    // Warnings were not worth waking anyone for.
    paged: critical,
    deployKey: deploy.idempotencyKey,
  };
}
