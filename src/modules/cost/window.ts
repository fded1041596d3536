import { InputError } from '../../kernel/errors.ts';

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400, w: 604_800 };
const HOUR = 3600;
const DAY = 86_400;

/** `30m`, `24h`, `7d`, `2w` in seconds, or null when `text` is not a duration. */
export function durationSeconds(text: string): number | null {
  const m = /^(\d+)([mhdw])$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * (UNIT_SECONDS[m[2] ?? 'h'] ?? HOUR);
}

function parseInstant(text: string, field: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new InputError(`${field}: ${JSON.stringify(text)} is not an RFC 3339 time or Unix seconds`, field);
  return Math.floor(ms / 1000);
}

/**
 * An OpenCost window as [start, end) in epoch seconds, widened to whole hours (allocation is
 * hourly): a duration ending at the current hour's end (`7d`, `24h`), `today`, `yesterday`,
 * `week`, `lastweek`, `month`, `lastmonth` (UTC), or `start,end` as RFC 3339 or Unix seconds.
 */
export function parseWindow(text: string, nowSeconds: number): { start: number; end: number } {
  const ceilHour = Math.ceil(nowSeconds / HOUR) * HOUR;
  const today = Math.floor(nowSeconds / DAY) * DAY;
  const duration = durationSeconds(text);
  let range: { start: number; end: number };
  if (duration !== null) range = { start: ceilHour - duration, end: ceilHour };
  else if (text === 'today') range = { start: today, end: today + DAY };
  else if (text === 'yesterday') range = { start: today - DAY, end: today };
  else if (text === 'week' || text === 'lastweek') {
    const weekStart = today - new Date(today * 1000).getUTCDay() * DAY;
    range =
      text === 'week' ? { start: weekStart, end: ceilHour } : { start: weekStart - 7 * DAY, end: weekStart };
  } else if (text === 'month' || text === 'lastmonth') {
    const d = new Date(today * 1000);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
    const previous = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1) / 1000;
    range = text === 'month' ? { start: monthStart, end: ceilHour } : { start: previous, end: monthStart };
  } else if (text.includes(',')) {
    const [a = '', b = ''] = text.split(',');
    range = { start: parseInstant(a.trim(), 'window'), end: parseInstant(b.trim(), 'window') };
  } else {
    throw new InputError(
      `window: ${JSON.stringify(text)} is not a duration (7d), keyword (today, yesterday, week, lastweek, month, lastmonth) or start,end pair`,
      'window',
    );
  }
  if (range.end <= range.start) throw new InputError('window: the end must be after the start', 'window');
  const start = Math.floor(range.start / HOUR) * HOUR;
  const end = Math.ceil(range.end / HOUR) * HOUR;
  if (end - start > 400 * DAY) throw new InputError('window: at most 400 days', 'window');
  return { start, end };
}

/** The window cut into steps of `step` (whole hours); without a step, the window itself. */
export function splitWindow(
  window: { start: number; end: number },
  step: string | undefined,
): Array<{ start: number; end: number }> {
  if (step === undefined) return [window];
  const seconds = durationSeconds(step);
  if (seconds === null || seconds < HOUR || seconds % HOUR !== 0)
    throw new InputError(
      `step: ${JSON.stringify(step)} must be a whole number of hours (1h, 6h, 1d, 1w)`,
      'step',
    );
  if ((window.end - window.start) / seconds > 1000)
    throw new InputError('step: at most 1000 steps per window', 'step');
  const out: Array<{ start: number; end: number }> = [];
  for (let s = window.start; s < window.end; s += seconds)
    out.push({ start: s, end: Math.min(s + seconds, window.end) });
  return out;
}
