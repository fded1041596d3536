import type { Scope } from '../api/types.ts';

/** A token scope as a small label. */
export function ScopeBadge({ scope }: { scope: Scope | string }) {
  return <span className={`badge badge-scope badge-${scope}`}>{scope}</span>;
}
