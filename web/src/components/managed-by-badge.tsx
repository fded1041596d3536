import type { ManagedBy } from '../api/contracts.ts';

/**
 * "Managed in git": the object is read-only here because a config source owns it; the link opens
 * the file at the applied commit (when the forge is known), else the path is shown.
 */
export function ManagedByBadge({ managedBy }: { managedBy: ManagedBy | null | undefined }) {
  if (!managedBy) return null;
  const place = `${managedBy.path}${managedBy.line ? `:${managedBy.line}` : ''}`;
  const fromGit = managedBy.source.startsWith('git:');
  return (
    <span className="badge badge-managed" title={`Read-only here: edit ${place} in ${managedBy.source}`}>
      {fromGit ? 'Managed in git' : 'Managed in files'} ·{' '}
      {managedBy.url ? (
        <a href={managedBy.url} target="_blank" rel="noreferrer">
          {place}
        </a>
      ) : (
        <code>{place}</code>
      )}
    </span>
  );
}
