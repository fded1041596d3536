/**
 * A placeholder with the rough height of the content it stands for, so nothing jumps when the
 * data arrives. Screen readers hear "Loading…".
 */
export function LoadingBlock({ rows = 3, label = 'Loading…' }: { rows?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        // Rows are identical placeholders; their index is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
        <div key={i} className="skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}
