import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  children: ReactNode;
  icon?: ReactNode;
}

/** What a view shows before it has data: what will appear here and how to feed it. */
export function EmptyState({ title, children, icon }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      {icon ? (
        <div className="empty-state-icon" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
    </section>
  );
}
