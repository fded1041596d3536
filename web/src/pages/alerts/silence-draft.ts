/**
 * The silence form's state and its translation to `POST /api/v1/silences`: matchers written as
 * Alertmanager operators, local date-time inputs, quick durations, and prefill links from alerts.
 */
import type { Alert, CreateSilence, Matcher } from '../../api/contracts.ts';

export const MATCH_OPERATORS = ['=', '!=', '=~', '!~'] as const;
export type MatchOperator = (typeof MATCH_OPERATORS)[number];

export interface MatcherDraft {
  /** Stable React key for the row. */
  key: number;
  name: string;
  operator: MatchOperator;
  value: string;
}

export interface SilenceDraft {
  kind: CreateSilence['kind'];
  matchers: MatcherDraft[];
  /** `<input type="datetime-local">` values, in the browser's zone. */
  startsAt: string;
  endsAt: string;
  comment: string;
}

export const QUICK_DURATIONS = [
  { label: '1h', ms: 3_600_000 },
  { label: '4h', ms: 4 * 3_600_000 },
  { label: '1d', ms: 86_400_000 },
] as const;

let nextKey = 1;

/** An empty matcher row (or one prefilled). */
export function matcherRow(name = '', value = '', operator: MatchOperator = '='): MatcherDraft {
  nextKey += 1;
  return { key: nextKey, name, operator, value };
}

/** `2025-03-04T05:06` in the browser's zone, as datetime-local inputs hold it. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a datetime-local value means (the browser's zone), or null when it is not one. */
export function fromLocalInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value); // Without an offset the ECMAScript parser reads local time.
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The form's starting state: now for 1 hour, with matchers from `?m=name=value` (repeatable). */
export function initialDraft(params: URLSearchParams, now: Date): SilenceDraft {
  const matchers = params.getAll('m').flatMap((pair) => {
    const at = pair.indexOf('=');
    return at > 0 ? [matcherRow(pair.slice(0, at), pair.slice(at + 1))] : [];
  });
  const kind = params.get('kind') === 'maintenance' ? 'maintenance' : 'silence';
  return {
    kind,
    matchers: matchers.length > 0 ? matchers : [matcherRow()],
    startsAt: toLocalInput(now),
    endsAt: toLocalInput(new Date(now.getTime() + 3_600_000)),
    comment: '',
  };
}

/** The silences page URL whose form is prefilled to silence this alert (its rule and service). */
export function silenceLinkFor(alert: Pick<Alert, 'rule' | 'service'>): string {
  const params = new URLSearchParams();
  params.append('m', `alertname=${alert.rule}`);
  if (alert.service) params.append('m', `service=${alert.service}`);
  return `/alerts/silences?${params.toString()}#new-silence`;
}

/** The matcher as Alertmanager writes it: `service=~"pay.*"`. */
export function formatMatcher(matcher: Matcher): string {
  const operator = `${matcher.isEqual ? '=' : '!'}${matcher.isRegex ? '~' : matcher.isEqual ? '' : '='}`;
  return `${matcher.name}${operator}"${matcher.value}"`;
}

export type DraftResult = { ok: true; body: CreateSilence } | { ok: false; field: string; message: string };

/**
 * Checks the draft the way the server will, so mistakes are named next to their field before any
 * request; the server's answer is still shown when it disagrees.
 */
export function toCreateBody(draft: SilenceDraft): DraftResult {
  const matchers: Matcher[] = [];
  for (const [index, row] of draft.matchers.entries()) {
    const name = row.name.trim();
    if (!name)
      return {
        ok: false,
        field: `matchers.${index}.name`,
        message: `Matcher ${index + 1}: give a label name, such as alertname or service.`,
      };
    const isRegex = row.operator === '=~' || row.operator === '!~';
    if (isRegex) {
      try {
        new RegExp(row.value);
      } catch {
        return {
          ok: false,
          field: `matchers.${index}.value`,
          message: `Matcher ${index + 1}: “${row.value}” is not a valid regular expression.`,
        };
      }
    }
    matchers.push({
      name,
      value: row.value,
      isRegex,
      isEqual: row.operator === '=' || row.operator === '=~',
    });
  }
  if (matchers.length === 0) return { ok: false, field: 'matchers', message: 'Add at least one matcher.' };
  const startsAt = fromLocalInput(draft.startsAt);
  if (!startsAt) return { ok: false, field: 'startsAt', message: 'Starts: enter a date and time.' };
  const endsAt = fromLocalInput(draft.endsAt);
  if (!endsAt) return { ok: false, field: 'endsAt', message: 'Ends: enter a date and time.' };
  if (endsAt <= startsAt) return { ok: false, field: 'endsAt', message: 'Ends must be after Starts.' };
  return {
    ok: true,
    body: {
      kind: draft.kind,
      matchers,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      comment: draft.comment.trim(),
    },
  };
}
