import { createRandom } from '../random.ts';

const DAY_MS = 24 * 3600_000;
/** Cairn's default survey period (feedback.surveyPeriodDays): one NPS trend entry each. */
export const SURVEY_PERIOD_DAYS = 90;
/** Answers per period, newest period first: more people answer as the platform grows. */
export const ANSWERS_PER_PERIOD = [6, 5, 4] as const;
/** Weeks of support requests, ending with the history (within its 90 days). */
export const SUPPORT_WEEKS = 12;

/** An item for `POST /api/v1/imports/survey-answers`. */
export interface HistorySurveyAnswer {
  externalId: string;
  respondent: string;
  teams: string[];
  score: number;
  comment?: string;
  answeredAt: string;
}

/** An item for `POST /api/v1/imports/support-requests`. */
export interface HistorySupportRequest {
  externalId: string;
  asker: string;
  channel: string;
  text: string;
  askedAt: string;
  resolvedAt?: string;
  resolution?: 'self-service' | 'platform-team';
}

const PEOPLE = [
  { name: 'grace', team: 'team-orders' },
  { name: 'ada', team: 'team-storefront' },
  { name: 'linus', team: 'team-orders' },
  { name: 'margaret', team: 'team-storefront' },
  { name: 'ken', team: 'team-orders' },
  { name: 'barbara', team: 'team-storefront' },
];

const COMMENTS: Record<'low' | 'mid' | 'high', string> = {
  low: 'rollbacks still need the platform team',
  mid: 'the deploy page helps, the docs are thin',
  high: 'I roll back myself now, no ticket needed',
};

/** What people ask, worded so Cairn's default topics classify them (deploy, access, observability, …). */
const QUESTIONS = [
  'how do I roll back payment after a bad deploy?',
  'can I get more replicas for cart before the sale?',
  'where are the logs of checkout?',
  'I need access to the orders database',
  'the release pipeline of frontend is stuck',
  'how do I create a new service from the template?',
  'which dashboard shows the latency of productcatalog?',
  'my token cannot see the payment service',
];

/**
 * Survey answers in each of the last three survey periods counted back from the history's end
 * (10-80 days into a period, so they stay in it for a viewer within days of the start), scores
 * rising period by period as the platform improves. The same for the same seed.
 */
export function generateSurveyAnswers(endMs: number, seed: number): HistorySurveyAnswer[] {
  const random = createRandom(seed + 2);
  return ANSWERS_PER_PERIOD.flatMap((count, period) =>
    Array.from({ length: count }, (_, index) => {
      const person = PEOPLE[index % PEOPLE.length] ?? { name: 'grace', team: 'team-orders' };
      // Newest period around 8.5, the oldest around 6.5.
      const mean = 8.5 - period;
      const score = Math.max(0, Math.min(10, Math.round(mean + (random.next() - 0.5) * 5)));
      const daysAgo = period * SURVEY_PERIOD_DAYS + 10 + Math.floor(random.next() * 70);
      const mood = score >= 9 ? 'high' : score >= 7 ? 'mid' : 'low';
      return {
        externalId: `demo-history:${seed}:survey:${period}:${person.name}`,
        respondent: person.name,
        teams: [person.team],
        score,
        ...(random.chance(0.5) ? { comment: COMMENTS[mood] } : {}),
        answeredAt: new Date(endMs - daysAgo * DAY_MS).toISOString(),
      };
    }),
  );
}

/**
 * Support requests over the last 12 weeks of the history: more in the older weeks, fewer as self-service
 * answers them (the number the platform team wants to halve), a larger share solved without the
 * platform team each week, and only the last two weeks' may still be open. None is resolved
 * after the history's end. The same for the same seed.
 */
export function generateSupportRequests(endMs: number, seed: number): HistorySupportRequest[] {
  const random = createRandom(seed + 3);
  const requests: HistorySupportRequest[] = [];
  // Oldest week first, so the list reads in time order.
  for (let week = SUPPORT_WEEKS - 1; week >= 0; week -= 1) {
    const count = 1 + Math.floor(week / 4) + (random.chance(0.5) ? 1 : 0);
    for (let index = 0; index < count; index += 1) {
      const askedMs = endMs - (week + 1) * 7 * DAY_MS + Math.floor(random.next() * 7 * DAY_MS);
      const person = PEOPLE[Math.floor(random.next() * PEOPLE.length)] ?? { name: 'grace', team: '' };
      const text = QUESTIONS[Math.floor(random.next() * QUESTIONS.length)] ?? 'help';
      const selfServiceShare = 0.3 + 0.5 * (1 - week / (SUPPORT_WEEKS - 1));
      const roll = random.next();
      const open = week < 2 && roll > 0.8;
      const resolution = roll < selfServiceShare ? 'self-service' : 'platform-team';
      const resolvedMs = Math.min(endMs, askedMs + Math.round((0.2 + random.next() * 30) * 3600_000));
      requests.push({
        externalId: `demo-history:${seed}:support:${week}:${index}`,
        asker: person.name,
        channel: 'platform-help',
        text,
        askedAt: new Date(askedMs).toISOString(),
        ...(open ? {} : { resolvedAt: new Date(resolvedMs).toISOString(), resolution }),
      });
    }
  }
  return requests;
}
