import type { ServiceDetail } from '../api/contracts.ts';
import { formatCount, formatMs, formatPercent } from './format.ts';

/** The SLO figures of a service, as the API sends them (every share in percent). */
export type ServiceSlo = ServiceDetail['slo'];

/** One line of the SLO card: a term, its value in words, and whether it is bad news. */
export interface SloFact {
  term: string;
  value: string;
  tone: 'danger' | null;
  /** A sentence after the value: how far over budget, what is missing. */
  note: string | null;
}

/**
 * How many whole budgets the failures used, from the budget left in percent: 100 left is 0 used,
 * 0 left is 1, -189,900 left is 1,900 (the errors used the budget 1,900 times over).
 */
export function budgetsUsed(errorBudgetRemainingPercent: number): number {
  return (100 - errorBudgetRemainingPercent) / 100;
}

/**
 * The lines of the SLO card for the window on screen. Availability below its objective and an
 * overspent budget are bad news; without an objective or without requests, the card says why a
 * figure is missing instead of showing a made-up one.
 */
export function sloFacts(slo: ServiceSlo | null): SloFact[] {
  if (slo === null) {
    return [
      { term: 'Availability objective', value: '—', tone: null, note: null },
      { term: 'Availability in range', value: '—', tone: null, note: null },
      { term: 'Error budget left', value: '—', tone: null, note: null },
      { term: 'Latency objective (p99)', value: '—', tone: null, note: null },
    ];
  }
  const objective = slo.availabilityObjectivePercent;
  const availability = slo.availabilityPercent;
  const budget = slo.errorBudgetRemainingPercent;
  return [
    {
      term: 'Availability objective',
      value: objective === null ? 'Not set' : formatPercent(objective),
      tone: null,
      note: objective === null ? 'Set it with the cairn.dev/slo-availability annotation.' : null,
    },
    {
      term: 'Availability in range',
      value: availability === null ? '—' : formatPercent(availability),
      tone: availability !== null && objective !== null && availability < objective ? 'danger' : null,
      note:
        availability === null
          ? 'No requests in this range.'
          : `${formatCount(slo.failedRequests)} of ${formatCount(slo.requests)} requests failed.`,
    },
    {
      term: 'Error budget left',
      value: budget === null ? '—' : formatPercent(budget),
      tone: budget !== null && budget < 0 ? 'danger' : null,
      note:
        budget !== null && budget < 0
          ? `Overspent: failures used ${budgetsUsed(budget).toLocaleString(undefined, { maximumFractionDigits: 1 })} times the budget.`
          : null,
    },
    {
      term: 'Latency objective (p99)',
      value: slo.latencyObjectiveP99Ms === null ? 'Not set' : formatMs(slo.latencyObjectiveP99Ms),
      tone: null,
      note: null,
    },
  ];
}
