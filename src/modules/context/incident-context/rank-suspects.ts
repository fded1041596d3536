import type { Change } from '../../changes/index.ts';
import type { ErrorTemplate, RootCauseService } from '../contract.ts';
import type { Suspect } from './contract.ts';
import type { RedMinute } from './red-minutes.store.ts';
import { detectShift, duration, percent, type ShiftReport } from './red-shift.ts';
import type { Neighbourhood, Relation } from './service-neighbourhood.ts';

/** A suspect scoring at least this has evidence beyond timing and graph distance (see docs). */
export const CONFIDENT_SUSPECT_SCORE = 0.4;
/** Weight of timing and graph distance: alone they can never make a change a confident suspect. */
const PRIOR_WEIGHT = 0.2;

/** Everything the suspect ranking looks at; all of it already loaded. */
export interface SuspectInputs {
  /** Changes that took effect in the look-back window up to `at` (later ones show rollbacks). */
  changes: readonly Change[];
  onset: Date;
  at: Date;
  neighbourhood: Neighbourhood;
  /** Per-minute RED by telemetry service name. */
  red: ReadonlyMap<string, readonly RedMinute[]>;
  /** The OTel service.name of a catalog service. */
  telemetryName(service: string): string;
  rootCauseServices: readonly RootCauseService[];
  templates: readonly ErrorTemplate[];
}

/**
 * Ranks every change in [onset − look-back, onset] on the incident's services, their callees and
 * callers, plus infrastructure-wide changes. The score is
 * `0.2 × prior + 0.8 × evidence × (0.4 + 0.6 × prior)`, where prior = time proximity × graph
 * closeness and evidence counts only what the telemetry shows: the changed service's own error
 * rate or p99 shifting right after the change (unless an anomalous callee explains it), new error
 * messages in it, and a failed or rolled-back status. A change without evidence stays below 0.2.
 */
export function rankSuspects(inputs: SuspectInputs): Suspect[] {
  const onsetMs = inputs.onset.getTime();
  return inputs.changes
    .filter((change) => Date.parse(change.at) <= onsetMs)
    .flatMap((change) => {
      const infra = change.kind === 'infra' || change.service === null;
      const relation = infra
        ? undefined
        : inputs.neighbourhood.related.get(inputs.telemetryName(change.service ?? ''));
      if (!infra && !relation) return [];
      return [score(change, relation, inputs)];
    })
    .sort((a, b) => b.score - a.score || Date.parse(b.change.at) - Date.parse(a.change.at));
}

function score(change: Change, relation: Relation | undefined, inputs: SuspectInputs): Suspect {
  const minutesBefore = Math.max(0, (inputs.onset.getTime() - Date.parse(change.at)) / 60_000);
  const proximity = Math.exp(-minutesBefore / 30);
  const closeness = relation ? ([1, 0.85, 0.7][relation.distance] ?? 0.55) : 0.8;
  const prior = proximity * closeness;
  const reasons = [
    `${describeChange(change)} took effect ${minutes(minutesBefore)} before onset`,
    relation
      ? `${change.service} is ${relation.description}`
      : `infrastructure change${change.service ? ` (${change.service})` : ''}: it can affect every service`,
  ];
  const found = relation ? serviceEvidence(change, inputs) : infraEvidence(change, inputs);
  reasons.push(...found.reasons);
  let evidence = found.weight;
  const rollback = inputs.changes.find(
    (later) =>
      later.kind === 'rollback' &&
      later.service === change.service &&
      Date.parse(later.at) > Date.parse(change.at),
  );
  if (change.status === 'failed' || change.status === 'cancelled') {
    evidence += 0.15;
    reasons.push(`the ${change.kind} ${change.status === 'failed' ? 'failed' : 'was cancelled'}`);
  } else if (rollback) {
    evidence += 0.15;
    const after = (Date.parse(rollback.at) - Date.parse(change.at)) / 60_000;
    reasons.push(`it was rolled back ${minutes(after)} later`);
  }
  evidence = Math.min(1, evidence);
  const value = PRIOR_WEIGHT * prior + (1 - PRIOR_WEIGHT) * evidence * (0.4 + 0.6 * prior);
  return { change, score: Math.round(value * 1000) / 1000, reasons };
}

/** Evidence that a change on one service hurt that service itself. */
function serviceEvidence(change: Change, inputs: SuspectInputs): { weight: number; reasons: string[] } {
  const service = inputs.telemetryName(change.service ?? '');
  const shift = shiftOf(service, change, inputs);
  if (shift.beforeCalls === 0 || shift.afterCalls === 0) {
    return {
      weight: 0,
      reasons: [`${service} served no requests around this change, so no shift can be checked`],
    };
  }
  const sentences = shiftSentences(service, shift, change);
  if (sentences.length === 0) {
    return {
      weight: 0,
      reasons: [`no shift after this change: ${service} ${steady(shift, inputs, service)}`],
    };
  }
  const ranking = inputs.rootCauseServices;
  const own = ranking.findIndex((r) => r.service === service);
  const callees = inputs.neighbourhood.calleesOf(service);
  const explainer = ranking.find(
    (r, index) => r.service !== service && callees.has(r.service) && (own === -1 || index < own),
  );
  if (explainer) {
    return {
      weight: 0,
      reasons: [
        `${sentences.join('; ')}, but ${explainer.service}, a callee ranked higher as root cause, explains it: no shift of its own after this change`,
      ],
    };
  }
  const delay = Math.min(shift.errorRate?.withinMinutes ?? 99, shift.p99Ms?.withinMinutes ?? 99);
  let weight = 0.6 * (delay <= 5 ? 1 : Math.max(0.5, 1 - (delay - 5) / 20));
  const reasons = [...sentences];
  if (own === 0) {
    weight += 0.15;
    reasons.push(`${service} is also the top root-cause service`);
  }
  const fresh = inputs.templates.filter((t) => t.service === service && t.before === 0 && t.after > 0);
  const first = fresh[0];
  if (first) {
    weight += 0.2;
    reasons.push(
      `new error message in ${service} after onset: '${first.template}' (0 before, ${first.after} after)` +
        (fresh.length > 1 ? ` and ${fresh.length - 1} more` : ''),
    );
  }
  return { weight, reasons };
}

/**
 * Evidence for an infrastructure change: several services around the incident shifted right after
 * it, each with an anomaly of its own (ranked as a root-cause candidate), so one slow callee making
 * its callers slow does not look like a platform-wide change.
 */
function infraEvidence(change: Change, inputs: SuspectInputs): { weight: number; reasons: string[] } {
  const shifted: string[] = [];
  const own = new Set(inputs.rootCauseServices.map((r) => r.service));
  let withData = 0;
  for (const service of [...inputs.neighbourhood.related.keys()].sort()) {
    const shift = shiftOf(service, change, inputs);
    if (shift.beforeCalls === 0 || shift.afterCalls === 0) continue;
    withData++;
    const delay = Math.min(shift.errorRate?.withinMinutes ?? 99, shift.p99Ms?.withinMinutes ?? 99);
    if (delay <= 10 && own.has(service)) shifted.push(service);
  }
  if (withData === 0)
    return { weight: 0, reasons: ['no service around the incident served requests around this change'] };
  if (shifted.length === 0) {
    return {
      weight: 0,
      reasons: [
        `no shift of their own after this change in any of the ${withData} services around the incident`,
      ],
    };
  }
  return {
    weight: shifted.length >= 2 ? 0.6 : 0.3,
    reasons: [
      `error rate or p99 shifted within 10 min after it on ${shifted.length} of ${withData} services around the incident, each with an anomaly of its own: ${shifted.join(', ')}`,
    ],
  };
}

/**
 * The changed service's RED right after the change, compared up to `at` or up to the service's next
 * change, whichever comes first: once a rollback (or another deploy) replaced it, what follows is
 * no longer this change's doing, and a recovery must not clear the change that caused the errors.
 * RED comes per minute, so a minute counts as before the next change when at least half of it is:
 * a rollback a second into a minute makes that minute the rollback's, not the deploy's.
 */
function shiftOf(service: string, change: Change, inputs: SuspectInputs): ShiftReport {
  const changeMs = Date.parse(change.at);
  const nextChangeMs = inputs.changes
    .filter((other) => other.id !== change.id && other.service === change.service)
    .map((other) => Date.parse(other.at))
    .filter((at) => at > changeMs)
    .reduce((earliest, at) => Math.min(earliest, at), Number.POSITIVE_INFINITY);
  const endMs = Math.min(inputs.at.getTime(), nextChangeMs - HALF_MINUTE_MS);
  return detectShift(inputs.red.get(service) ?? [], changeMs / 1000, endMs / 1000);
}

const HALF_MINUTE_MS = 30_000;

function shiftSentences(service: string, shift: ShiftReport, change: Change): string[] {
  const label = changeLabel(change);
  const sentences: string[] = [];
  if (shift.errorRate) {
    const { before, after, withinMinutes } = shift.errorRate;
    sentences.push(
      `${service} error rate ${percent(before)} → ${percent(after)} within ${withinMinutes} min after ${label}`,
    );
  }
  if (shift.p99Ms) {
    const { before, after, withinMinutes } = shift.p99Ms;
    sentences.push(
      `${service} p99 ${duration(before)} → ${duration(after)} within ${withinMinutes} min after ${label}`,
    );
  }
  return sentences;
}

function steady(shift: ShiftReport, inputs: SuspectInputs, service: string): string {
  const minutes = inputs.red.get(service) ?? [];
  const calls = minutes.reduce((n, m) => n + m.calls, 0);
  const errors = minutes.reduce((n, m) => n + m.errors, 0);
  return `kept its error rate and p99 within baseline (${percent(calls ? errors / calls : 0)} errors overall, ${shift.afterCalls} requests in the 15 min after it)`;
}

/** "deploy payment v1.4.0 (was v1.3.2)", "infra k8s-prod: node pool upgrade". */
export function describeChange(change: Change): string {
  const what = `${change.kind} ${change.service ?? '(no service)'}`;
  const version = change.version ? ` ${v(change.version)}` : '';
  const previous = change.previousVersion ? ` (was ${v(change.previousVersion)})` : '';
  const note = !change.version && change.description ? `: ${change.description.slice(0, 80)}` : '';
  return `${what}${version}${previous}${note}`;
}

function changeLabel(change: Change): string {
  return change.version ? `${change.kind} ${v(change.version)}` : `this ${change.kind}`;
}

const v = (version: string) => (/^\d/.test(version) ? `v${version}` : version);

/** "3 min", "1 h 05 min"; under a minute reads "under 1 min". */
export function minutes(value: number): string {
  const whole = Math.round(value);
  if (whole < 1) return 'under 1 min';
  if (whole < 60) return `${whole} min`;
  return `${Math.floor(whole / 60)} h ${String(whole % 60).padStart(2, '0')} min`;
}
