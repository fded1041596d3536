import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import type { Silence } from '../../api/contracts.ts';
import { toApiError } from '../../api/use-api.ts';
import type { WriteAccess } from '../../auth/use-write-access.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';
import { formatMatcher } from './silence-draft.ts';

/** Where a silence stands now. */
export type SilencePhase = 'active' | 'scheduled' | 'expired';

export function phaseOf(silence: Silence, now: number): SilencePhase {
  if (silence.active) return 'active';
  return Date.parse(silence.startsAt) > now ? 'scheduled' : 'expired';
}

interface SilenceTableProps {
  caption: string;
  silences: Silence[];
  now: number;
  access: WriteAccess;
  onEnded: () => void;
}

/** Silences and maintenance windows with their matchers, time range and an "End now" control. */
export function SilenceTable({ caption, silences, now, access, onEnded }: SilenceTableProps) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Matchers</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">Comment</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {silences.map((silence) => {
            const phase = phaseOf(silence, now);
            return (
              <tr
                key={silence.id}
                data-silence-id={silence.id}
                className={phase === 'expired' ? 'is-revoked' : undefined}
              >
                <th scope="row" className="mono">
                  {silence.matchers.map(formatMatcher).join(', ')}
                </th>
                <td>{silence.kind === 'maintenance' ? 'maintenance window' : 'silence'}</td>
                <td>
                  <StatusBadge status={phase} />
                </td>
                <td className="nowrap">
                  <Time value={silence.startsAt} />
                </td>
                <td className="nowrap">
                  <Time value={silence.endsAt} />
                </td>
                <td>
                  {silence.comment || <span className="muted">—</span>}
                  <span className="muted"> by {silence.createdBy}</span>
                </td>
                <td className="cell-actions">
                  {phase === 'expired' ? null : (
                    <EndControl silence={silence} access={access} onEnded={onEnded} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type Step = 'idle' | 'confirming' | 'ending';

/** "End now" with a confirm step: the first click asks, the second ends the silence. */
function EndControl({
  silence,
  access,
  onEnded,
}: {
  silence: Silence;
  access: WriteAccess;
  onEnded: () => void;
}) {
  const [step, setStep] = useState<Step>('idle');
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const endRef = useRef<HTMLButtonElement>(null);
  const previous = useRef<Step>('idle');
  const label = silence.matchers.map(formatMatcher).join(', ');

  useEffect(() => {
    // Keep keyboard focus on the control as it changes shape.
    if (step === 'confirming') cancelRef.current?.focus();
    if (step === 'idle' && previous.current === 'confirming') endRef.current?.focus();
    previous.current = step;
  }, [step]);

  async function end() {
    setStep('ending');
    setError(null);
    try {
      await apiFetch<void>(`/api/v1/silences/${encodeURIComponent(silence.id)}`, { method: 'DELETE' });
      onEnded();
    } catch (cause) {
      setError(toApiError(cause).message);
      setStep('confirming');
    }
  }

  if (step === 'idle') {
    return (
      <button
        type="button"
        ref={endRef}
        className="button button-small"
        aria-label={`End ${label} now`}
        disabled={!access.allowed}
        title={access.reason ?? undefined}
        onClick={() => setStep('confirming')}
      >
        End now
      </button>
    );
  }
  return (
    <fieldset className="confirm">
      <legend className="visually-hidden">Confirm ending {label}</legend>
      <span className="confirm-question">End it? Matching alerts notify again.</span>
      <button
        type="button"
        className="button button-small button-danger"
        disabled={step === 'ending'}
        onClick={end}
      >
        {step === 'ending' ? 'Ending…' : 'Yes, end it'}
      </button>
      <button
        type="button"
        ref={cancelRef}
        className="button button-small"
        disabled={step === 'ending'}
        onClick={() => setStep('idle')}
      >
        Cancel
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
