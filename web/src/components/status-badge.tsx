/** A status (incident, change, alert, span) as a coloured label; unknown values render neutral. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-status status-${status.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
      {status.replace(/_/g, ' ')}
    </span>
  );
}

/** Error share as a health dot + label, for tables and lists. */
export function HealthBadge({ health, label }: { health: 'ok' | 'warn' | 'bad' | 'unknown'; label: string }) {
  return (
    <span className={`health health-${health}`}>
      <span className="health-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
