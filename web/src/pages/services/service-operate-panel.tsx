import { useId, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import type { Silence } from '../../api/contracts.ts';
import { useApiMutation } from '../../api/queries.ts';
import { usePermission } from '../../auth/use-permission.ts';

const HOUR_MS = 3_600_000;

/**
 * What the signed-in person may do to this service, decided by the server from its owner: the
 * operate controls, enabled for its team (and the platform), disabled with the reason otherwise.
 */
export function ServiceOperatePanel({ name }: { name: string }) {
  const access = usePermission('operate', name);
  const noteId = useId();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const silence = useApiMutation<void, Silence>({
    request: () =>
      apiFetch<Silence>('/api/v1/silences', {
        method: 'POST',
        body: JSON.stringify({
          matchers: [{ name: 'service', value: name }],
          endsAt: new Date(Date.now() + HOUR_MS).toISOString(),
          comment: `Silenced for an hour from the ${name} page`,
        }),
      }),
    invalidates: ['/api/v1/silences', '/api/v1/alerts'],
    onSuccess: () => setOutcome({ ok: true, text: `Alerts of ${name} are silenced for one hour.` }),
  });
  const note = outcome?.text ?? access.reason ?? '';
  return (
    <section className="operate-panel" aria-labelledby={`${noteId}-title`}>
      <h2 id={`${noteId}-title`} className="section-heading">
        Operate
      </h2>
      <p className="muted">
        {access.owner ? `Owned by ${access.owner}.` : 'No owning team in the catalog.'}{' '}
        {access.allowed ? 'You may operate it.' : 'Read-only for you.'}
      </p>
      <button
        type="button"
        className="button"
        disabled={!access.allowed || silence.isPending}
        aria-describedby={note ? noteId : undefined}
        onClick={() => {
          setOutcome(null);
          silence.mutate(undefined, {
            onError: (error) => setOutcome({ ok: false, text: `Not silenced: ${error.message}` }),
          });
        }}
      >
        {silence.isPending ? 'Silencing…' : 'Silence alerts for 1 hour'}
      </button>
      <p id={noteId} className={`notice-line${outcome && !outcome.ok ? ' text-danger' : ''}`} role="status">
        {note}
      </p>
    </section>
  );
}
