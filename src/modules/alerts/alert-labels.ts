/**
 * The service an alert is about: the first configured label present. `a+b` means "label b, when
 * labels a and b are both set" (e.g. `namespace+deployment` names the deployment).
 */
export function serviceFromLabels(
  labels: Record<string, string>,
  serviceLabels: readonly string[],
): string | null {
  for (const entry of serviceLabels) {
    const [first, second] = entry.split('+');
    if (second !== undefined) {
      if (first && labels[first] && labels[second]) return labels[second];
      continue;
    }
    const value = first === undefined ? undefined : labels[first];
    if (value) return value;
  }
  return null;
}

const SEVERITY_ALIASES: Record<string, string> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  error: 'critical',
  high: 'critical',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  info: 'info',
  low: 'info',
  none: 'info',
};

/** Normalises the `severity` label; an alert without one is treated as a warning. */
export function severityFromLabels(labels: Record<string, string>): string {
  const raw = (labels.severity ?? '').toLowerCase();
  return SEVERITY_ALIASES[raw] ?? 'warning';
}

const RANK: Record<string, number> = { info: 0, warning: 1, critical: 2 };

/** The more severe of two normalised severities. */
export function maxSeverity(a: string, b: string): string {
  return (RANK[a] ?? 1) >= (RANK[b] ?? 1) ? a : b;
}

/** Alertmanager writes `0001-01-01T00:00:00Z` for "not ended"; anything before 1971 means the same. */
export function parseAlertTime(value: string | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms < Date.UTC(1971, 0, 1)) return null;
  return new Date(ms);
}
