/** The facts the paging decision rests on. */
export interface PagingInput {
  severity: string;
  source: string;
  flapping: boolean;
  silenced: boolean;
  /** The alert's service is a user-facing entry point. */
  entryPoint: boolean;
}

/** `now`: page at once; `hold`: page only if still firing after the transient hold; `never`. */
export type PagingDecision = 'now' | 'hold' | 'never';

/**
 * Page only for what hurts users: critical alerts and SLO page-tier burns at once; warnings on an
 * entry point after the transient hold (a warning that resolves quickly never pages); nothing
 * silenced, in maintenance or flapping (flapping alerts are summarised on the incident instead).
 */
export function decidePaging(input: PagingInput): PagingDecision {
  if (input.silenced || input.flapping) return 'never';
  if (input.severity === 'critical') return 'now';
  // SLO ticket-tier burns and capacity run-out forecasts are tickets, not pages.
  if (input.source === 'slo' || input.source === 'capacity') return 'never';
  if (input.severity === 'warning' && input.entryPoint) return 'hold';
  return 'never';
}
