import { type FormEvent, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import type { SurveyPrompt } from '../../api/contracts.ts';
import { useApiMutation, useApiQuery } from '../../api/queries.ts';
import { useMe } from '../../auth/me-context.tsx';

const SCORES = Array.from({ length: 11 }, (_, score) => score);
const SURVEY = '/api/v1/feedback/survey';

/**
 * The periodic survey as a small banner in the corner, for signed-in people when it is due. It
 * never blocks the page: "Later" snoozes it, "×" dismisses it for the period, and the rest of the
 * page stays usable behind it.
 */
export function SurveyBanner() {
  const me = useMe();
  const isPerson = me.status === 'ok' && me.data.kind === 'person';
  const prompt = useApiQuery<SurveyPrompt>(isPerson ? SURVEY : null);
  if (!isPerson || !prompt.data?.due) return null;
  return <SurveyForm prompt={prompt.data} />;
}

function SurveyForm({ prompt }: { prompt: SurveyPrompt }) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [csat, setCsat] = useState<Record<string, number>>({});
  const [thanked, setThanked] = useState(false);
  const [closed, setClosed] = useState(false);
  const post = (path: string, body: unknown = {}) =>
    apiFetch<unknown>(path, { method: 'POST', body: JSON.stringify(body) });
  const answer = useApiMutation<unknown, unknown>({
    request: (body) => post(`${SURVEY}/answers`, body),
    invalidates: [],
    onSuccess: () => setThanked(true),
  });
  const later = useApiMutation<'snooze' | 'dismiss', unknown>({
    request: (what) => post(`${SURVEY}/${what}`),
    invalidates: [SURVEY],
  });

  if (closed) return null;
  if (thanked) {
    return (
      <aside className="survey-banner" aria-label="Platform survey">
        <p role="status">Thanks — the platform team reads every answer.</p>
        <button type="button" className="button button-small" onClick={() => setClosed(true)}>
          Close
        </button>
      </aside>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (score === null) return;
    const text = comment.trim();
    answer.mutate({ score, csat, ...(text ? { comment: text } : {}) });
  };

  return (
    <aside className="survey-banner" aria-label="Platform survey">
      <form onSubmit={onSubmit}>
        <p>
          <strong>{prompt.question}</strong>
        </p>
        <fieldset className="survey-scores" aria-label="Score from 0 (not at all) to 10 (extremely likely)">
          {SCORES.map((value) => (
            <button
              key={value}
              type="button"
              className="button button-small"
              aria-pressed={score === value}
              onClick={() => setScore(value)}
            >
              {value}
            </button>
          ))}
        </fieldset>
        {score !== null ? (
          <>
            <label className="field">
              <span>What is the one thing we should change? (optional)</span>
              <textarea
                maxLength={2000}
                value={comment}
                onChange={(event) => setComment(event.target.value)}
              />
            </label>
            {prompt.capabilities.length > 0 ? (
              <details>
                <summary>Rate a capability (optional, 1–5)</summary>
                {prompt.capabilities.map((capability) => (
                  <label key={capability} className="field">
                    <span>{capability}</span>
                    <select
                      value={csat[capability] ?? ''}
                      onChange={(event) => {
                        const { [capability]: _, ...rest } = csat;
                        setCsat(
                          event.target.value ? { ...rest, [capability]: Number(event.target.value) } : rest,
                        );
                      }}
                    >
                      <option value="">—</option>
                      {[1, 2, 3, 4, 5].map((value) => (
                        <option key={value} value={value}>
                          {value}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </details>
            ) : null}
          </>
        ) : null}
        {answer.error || later.error ? (
          <p className="field-error" role="alert">
            {(answer.error ?? later.error)?.message}
          </p>
        ) : null}
        <p>
          <button
            type="submit"
            className="button button-primary button-small"
            disabled={score === null || answer.isPending}
          >
            Send
          </button>{' '}
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={() => later.mutate('snooze')}
            disabled={later.isPending}
          >
            Later
          </button>{' '}
          <button
            type="button"
            className="button button-ghost button-small"
            aria-label="Not this time"
            onClick={() => later.mutate('dismiss')}
            disabled={later.isPending}
          >
            ×
          </button>
        </p>
      </form>
    </aside>
  );
}
