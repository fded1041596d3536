import { useId, useState } from 'react';
import { type StepMark, type StepStatus, useMarkStep } from '../../api/runbooks.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Time } from '../../components/time.tsx';

/** How a mark reads: "done", "did not help". */
export const STATUS_WORDS: Record<StepStatus, string> = {
  done: 'done',
  skipped: 'skipped',
  noted: 'noted',
  'did-not-help': 'did not help',
};

/** What people marked on a step of this incident, oldest first. */
export function StepMarks({ marks }: { marks: StepMark[] }) {
  if (marks.length === 0) return null;
  return (
    <ul className="runbook-marks" aria-label="Marks">
      {marks.map((mark) => (
        <li key={`${mark.at}-${mark.status}-${mark.by}`}>
          <span className={`badge runbook-mark-${mark.status}`}>{STATUS_WORDS[mark.status]}</span> by{' '}
          {mark.by} <Time value={mark.at} />
          {mark.note ? <> — {mark.note}</> : null}
        </li>
      ))}
    </ul>
  );
}

const BUTTONS: ReadonlyArray<{ status: StepStatus; label: string }> = [
  { status: 'done', label: 'Done' },
  { status: 'skipped', label: 'Skipped' },
  { status: 'did-not-help', label: 'Did not help' },
  { status: 'noted', label: 'Add note' },
];

/**
 * Marks a step done, skipped or "did not help" (with an optional note or comment), or adds a note
 * on its own. The mark goes to the incident timeline, which is fetched again.
 */
export function MarkStepForm({
  incidentId,
  runbookId,
  stepId,
  stepTitle,
}: {
  incidentId: string;
  runbookId: string;
  stepId: string;
  stepTitle: string;
}) {
  const [note, setNote] = useState('');
  const noteId = useId();
  const mark = useMarkStep(incidentId);
  const busy = mark.isPending ? mark.variables.status : null;
  const send = (status: StepStatus) =>
    mark.mutate({ runbookId, stepId, status, note }, { onSuccess: () => setNote('') });
  return (
    <form
      className="runbook-mark-form"
      aria-label={`Mark step ${stepTitle}`}
      onSubmit={(event) => {
        // Enter in the note field adds the note; the buttons say what else it can be.
        event.preventDefault();
        if (note.trim()) send('noted');
      }}
    >
      <label className="visually-hidden" htmlFor={noteId}>
        Note or comment on “{stepTitle}”
      </label>
      <input
        id={noteId}
        className="runbook-note-input"
        type="text"
        maxLength={4000}
        placeholder="Note or comment (optional)"
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      {BUTTONS.map(({ status, label }) => (
        <button
          key={status}
          type="button"
          className="button button-small"
          disabled={busy !== null || (status === 'noted' && note.trim() === '')}
          onClick={() => send(status)}
        >
          {busy === status ? 'Saving…' : label}
        </button>
      ))}
      {mark.error ? <ErrorPanel title="The step was not marked" error={mark.error} /> : null}
    </form>
  );
}
