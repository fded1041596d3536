import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { RunbookMatch, Step, StepMark } from '../../api/runbooks.ts';
import { runFormPath } from '../actions/action-form.ts';
import { MarkStepForm, StepMarks } from './runbook-step-marks.tsx';
import { StepText } from './runbook-step-text.tsx';
import { describeInputs, type PathEntry, readWalk, runbookAnchor, stepAnchor } from './runbook-walk.ts';

interface CardProps {
  incidentId: string;
  match: RunbookMatch;
}

/**
 * One matching runbook with its decision path walked on the incident's data: each check's answer
 * and the evidence it rests on, then the step the data leads to, highlighted, with its action
 * prefilled. Steps the walk did not reach are folded away below.
 */
export function WalkedRunbookCard({ incidentId, match }: CardProps) {
  const { runbook } = match;
  const walk = readWalk(match);
  const anchor = (stepId: string) => stepAnchor(runbook.id, stepId);
  const marksOf = (stepId: string) => match.marks.filter((m) => m.stepId === stepId);
  const headingId = `${runbookAnchor(runbook.id)}-title`;
  return (
    <section className="card runbook-card" id={runbookAnchor(runbook.id)} aria-labelledby={headingId}>
      <h3 id={headingId} className="runbook-title">
        <Link to={`/runbooks/${encodeURIComponent(runbook.id)}`}>{runbook.title}</Link>
      </h3>
      <p className="muted">
        Owner {runbook.owner} · matched by {match.matchedBy.join(', ')} · <code>{runbook.file}</code>
      </p>
      <ol className="runbook-path" aria-label={`Path walked in ${runbook.title}`}>
        {walk.path.map((entry) => (
          <CheckItem
            key={entry.check.stepId}
            entry={entry}
            anchor={anchor}
            marks={marksOf(entry.check.stepId)}
            form={
              <MarkStepForm
                incidentId={incidentId}
                runbookId={runbook.id}
                stepId={entry.check.stepId}
                stepTitle={entry.check.title}
              />
            }
          />
        ))}
        {walk.recommended ? (
          <li className="runbook-step runbook-step-recommended" id={anchor(walk.recommended.id)}>
            <p className="runbook-step-head">
              <span className="badge runbook-recommended-badge">Recommended step</span>{' '}
              <strong>{walk.recommended.title}</strong>
            </p>
            <StepBody step={walk.recommended} anchor={anchor} match={match} />
            <StepMarks marks={marksOf(walk.recommended.id)} />
            <MarkStepForm
              incidentId={incidentId}
              runbookId={runbook.id}
              stepId={walk.recommended.id}
              stepTitle={walk.recommended.title}
            />
          </li>
        ) : null}
      </ol>
      {walk.unanswered ? (
        <p className="notice notice-warning">
          Cairn could not answer “{walk.unanswered.title}” ({walk.unanswered.evidence}). Answer it from what
          you see and follow its branch below.
        </p>
      ) : null}
      {!walk.recommended && !walk.unanswered ? (
        <p className="muted">The walk reached no step to take: the runbook has no branch for this answer.</p>
      ) : null}
      {walk.others.length > 0 ? (
        <details className="runbook-others">
          <summary>Other steps ({walk.others.length})</summary>
          <ol className="runbook-path">
            {walk.others.map((step) => (
              <li key={step.id} className="runbook-step" id={anchor(step.id)}>
                <p className="runbook-step-head">
                  <strong>{step.title}</strong>
                </p>
                <StepBody step={step} anchor={anchor} match={null} />
                <StepMarks marks={marksOf(step.id)} />
                <MarkStepForm
                  incidentId={incidentId}
                  runbookId={runbook.id}
                  stepId={step.id}
                  stepTitle={step.title}
                />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

function CheckItem({
  entry,
  anchor,
  marks,
  form,
}: {
  entry: PathEntry;
  anchor: (stepId: string) => string;
  marks: StepMark[];
  form: ReactNode;
}) {
  const { check, next } = entry;
  return (
    <li className="runbook-step runbook-step-check" id={anchor(check.stepId)}>
      <p className="runbook-step-head">
        <strong>{check.title}</strong>{' '}
        <span className={`badge runbook-answer runbook-answer-${check.answer}`}>{check.answer}</span>
      </p>
      <p className="runbook-evidence">
        <span className="muted">Evidence:</span> {check.evidence}
      </p>
      {next ? (
        <p className="muted">
          {check.answer} → <a href={`#${anchor(next.id)}`}>{next.title}</a>
        </p>
      ) : null}
      <StepMarks marks={marks} />
      {form}
    </li>
  );
}

/**
 * A step's instructions, commands, action and escalation. The action button is live only on the
 * recommended step (`match`), where the incident filled its inputs; elsewhere it is named only.
 */
function StepBody({
  step,
  anchor,
  match,
}: {
  step: Step;
  anchor: (stepId: string) => string;
  match: RunbookMatch | null;
}) {
  const action = match?.recommendedAction ?? null;
  return (
    <>
      <StepText text={step.text} stepAnchor={anchor} />
      {action ? (
        <p className="runbook-action">
          {/* The server's address carries the incident, so the run is linked to it. */}
          <Link className="button button-primary" to={action.url}>
            Run {action.action}
          </Link>{' '}
          <span className="muted">with {describeInputs(action.inputs)}</span>
        </p>
      ) : step.action ? (
        <p className="runbook-action">
          <Link className="button" to={runFormPath(step.action.action, {})}>
            Open {step.action.action}
          </Link>{' '}
          <span className="muted">(the walk did not lead here: fill in its inputs yourself)</span>
        </p>
      ) : null}
      {step.commands.map((command) => (
        <pre key={command} className="runbook-command">
          <code>{command}</code>
        </pre>
      ))}
      {step.escalateTo ? (
        <p>
          <strong>Escalate to:</strong> {step.escalateTo}
        </p>
      ) : null}
    </>
  );
}
