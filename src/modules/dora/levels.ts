import { DAY_MS, HOUR_MS } from './model.ts';

/** DORA 2024 performance levels. */
export const DORA_LEVELS = ['elite', 'high', 'medium', 'low'] as const;
export type DoraLevel = (typeof DORA_LEVELS)[number];

/** DORA 2024 deployment frequency buckets. */
export const FREQUENCY_BUCKETS = [
  'on-demand',
  'daily-to-weekly',
  'weekly-to-monthly',
  'monthly-to-six-monthly',
] as const;
export type FrequencyBucket = (typeof FREQUENCY_BUCKETS)[number];

/** Bucket → level, as the 2024 report's clusters pair them. */
export function frequencyLevel(bucket: FrequencyBucket): DoraLevel {
  return DORA_LEVELS[FREQUENCY_BUCKETS.indexOf(bucket)] as DoraLevel;
}

/** Elite under a day, high under a week, medium under a month (30 days), low beyond. */
export function leadTimeLevel(medianMs: number | null): DoraLevel | null {
  if (medianMs === null) return null;
  if (medianMs < DAY_MS) return 'elite';
  if (medianMs < 7 * DAY_MS) return 'high';
  if (medianMs < 30 * DAY_MS) return 'medium';
  return 'low';
}

/**
 * Elite at most 5 %, high at most 20 %, low beyond. The 2024 clusters are elite 5 %, high 20 %,
 * medium 10 %, low 40 %: medium differs from high by throughput, not by fail rate, so a fail rate
 * alone never reads medium.
 */
export function failRateLevel(percent: number | null): DoraLevel | null {
  if (percent === null) return null;
  if (percent <= 5) return 'elite';
  if (percent <= 20) return 'high';
  return 'low';
}

/**
 * Elite under an hour, high under a day, medium under a week, low beyond. The 2024 report gives
 * "less than one day" for both high and medium; a week separates medium from low (1 week-1 month).
 */
export function recoveryLevel(medianMs: number | null): DoraLevel | null {
  if (medianMs === null) return null;
  if (medianMs < HOUR_MS) return 'elite';
  if (medianMs < DAY_MS) return 'high';
  if (medianMs < 7 * DAY_MS) return 'medium';
  return 'low';
}
