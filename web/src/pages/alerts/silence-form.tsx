import { type FormEvent, useId, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import type { Silence } from '../../api/contracts.ts';
import { useApiMutation } from '../../api/queries.ts';
import type { WriteAccess } from '../../auth/use-write-access.ts';
import { MatcherRows } from './matcher-rows.tsx';
import {
  fromLocalInput,
  QUICK_DURATIONS,
  type SilenceDraft,
  toCreateBody,
  toLocalInput,
} from './silence-draft.ts';

const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

interface SilenceFormProps {
  initial: SilenceDraft;
  access: WriteAccess;
  onCreated: (silence: Silence) => void;
}

/** Creates a silence or maintenance window: kind, matchers, time range and a comment. */
export function SilenceForm({ initial, access, onCreated }: SilenceFormProps) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const create = useApiMutation<unknown, Silence>({
    request: (body) => apiFetch<Silence>('/api/v1/silences', { method: 'POST', body: JSON.stringify(body) }),
    // A new silence changes which alerts show as silenced.
    invalidates: ['/api/v1/silences', '/api/v1/alerts'],
    onSuccess: (created) => {
      setDraft((previous) => ({ ...previous, comment: '' }));
      onCreated(created);
    },
  });
  const submitting = create.isPending;
  const id = useId();
  const set = (patch: Partial<SilenceDraft>) => setDraft((previous) => ({ ...previous, ...patch }));

  const endAfter = (ms: number) => {
    const start = fromLocalInput(draft.startsAt) ?? new Date();
    set({ endsAt: toLocalInput(new Date(start.getTime() + ms)) });
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = toCreateBody(draft);
    if (!result.ok) {
      setError({ field: result.field, message: result.message });
      return;
    }
    setError(null);
    create.mutate(result.body, {
      onError: (failure) => setError({ field: 'form', message: failure.message }),
    });
  }

  const invalid = (field: string) => (error?.field === field ? true : undefined);
  const what = draft.kind === 'maintenance' ? 'maintenance window' : 'silence';
  return (
    <form
      id="new-silence"
      className="card silence-form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <h2 id={`${id}-title`}>New silence or maintenance window</h2>
      {access.reason ? <p className="notice notice-warning">{access.reason}</p> : null}
      <fieldset className="plain-fieldset" disabled={!access.allowed || submitting}>
        <legend className="visually-hidden">The new {what}</legend>
        <fieldset className="kind-choice">
          <legend>Kind</legend>
          {(['silence', 'maintenance'] as const).map((kind) => (
            <label key={kind} className="checkbox">
              <input
                type="radio"
                name="kind"
                value={kind}
                checked={draft.kind === kind}
                onChange={() => set({ kind })}
              />
              {kind === 'silence' ? 'Silence' : 'Maintenance window'}
            </label>
          ))}
        </fieldset>
        <MatcherRows
          rows={draft.matchers}
          onChange={(matchers) => set({ matchers })}
          invalidField={error?.field ?? null}
        />
        <div className="silence-times">
          <div className="field">
            <label htmlFor={`${id}-starts`}>Starts</label>
            <input
              id={`${id}-starts`}
              type="datetime-local"
              value={draft.startsAt}
              aria-invalid={invalid('startsAt')}
              onChange={(e) => set({ startsAt: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-ends`}>Ends</label>
            <input
              id={`${id}-ends`}
              type="datetime-local"
              value={draft.endsAt}
              aria-invalid={invalid('endsAt')}
              onChange={(e) => set({ endsAt: e.target.value })}
            />
          </div>
          <fieldset className="quick-durations">
            <legend>Duration from start</legend>
            {QUICK_DURATIONS.map((d) => (
              <button
                key={d.label}
                type="button"
                className="button button-small"
                onClick={() => endAfter(d.ms)}
              >
                {d.label}
              </button>
            ))}
          </fieldset>
        </div>
        <p className="field-hint">Times are in your time zone ({TIME_ZONE}); the lists show UTC on hover.</p>
        <div className="field">
          <label htmlFor={`${id}-comment`}>Comment</label>
          <textarea
            id={`${id}-comment`}
            rows={2}
            maxLength={2000}
            placeholder="Why, and who to ask"
            value={draft.comment}
            onChange={(e) => set({ comment: e.target.value })}
          />
        </div>
        <p className="field-error" role="alert">
          {error?.message}
        </p>
        <button type="submit" className="button button-primary">
          {submitting ? 'Creating…' : `Create ${what}`}
        </button>
      </fieldset>
    </form>
  );
}
