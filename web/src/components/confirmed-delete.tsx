import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '../api/client.ts';
import { useApiMutation } from '../api/queries.ts';

type Step = 'idle' | 'confirming' | 'working';

export interface ConfirmedDeleteProps {
  /** The API path the second click sends DELETE to. */
  path: string;
  /** First button: its text and accessible name. */
  label: string;
  ariaLabel: string;
  /** Legend of the confirm step (read by screen readers) and the question shown. */
  legend: string;
  question: string;
  /** Second button's text, and its text while the request runs. */
  confirmLabel: string;
  workingLabel: string;
  disabled?: boolean;
  disabledReason?: string | null;
  /** API paths whose lists the deletion changes; they are fetched again after it. */
  invalidates: readonly string[];
}

/**
 * A destructive action with a confirm step: the first click asks, the second sends DELETE.
 * Keyboard focus follows the control as it changes shape; a failure is shown in words.
 */
export function ConfirmedDelete(props: ConfirmedDeleteProps) {
  const [step, setStep] = useState<Step>('idle');
  const remove = useApiMutation<void, void>({
    request: () => apiFetch<void>(props.path, { method: 'DELETE' }),
    invalidates: props.invalidates,
  });
  const cancelRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const previous = useRef<Step>('idle');

  useEffect(() => {
    if (step === 'confirming') cancelRef.current?.focus();
    if (step === 'idle' && previous.current === 'confirming') startRef.current?.focus();
    previous.current = step;
  }, [step]);

  function confirm() {
    setStep('working');
    remove.mutate(undefined, { onError: () => setStep('confirming') });
  }
  const error = remove.error?.message ?? null;

  if (step === 'idle') {
    return (
      <button
        type="button"
        ref={startRef}
        className="button button-small"
        aria-label={props.ariaLabel}
        disabled={props.disabled}
        title={props.disabledReason ?? undefined}
        onClick={() => setStep('confirming')}
      >
        {props.label}
      </button>
    );
  }
  return (
    <fieldset className="confirm">
      <legend className="visually-hidden">{props.legend}</legend>
      <span className="confirm-question">{props.question}</span>
      <button
        type="button"
        className="button button-small button-danger"
        disabled={step === 'working'}
        onClick={confirm}
      >
        {step === 'working' ? props.workingLabel : props.confirmLabel}
      </button>
      <button
        type="button"
        ref={cancelRef}
        className="button button-small"
        disabled={step === 'working'}
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
