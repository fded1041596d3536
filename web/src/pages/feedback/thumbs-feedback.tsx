import { type FormEvent, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import type { Rating, SubjectKind } from '../../api/contracts.ts';
import { useApiMutation } from '../../api/queries.ts';

interface ThumbsFeedbackProps {
  /** What the feedback is about: a page path, an action run, a task, a runbook step. */
  subject: { kind: SubjectKind; id: string };
  /** The question next to the buttons. */
  label?: string;
}

/**
 * Thumbs up / down with an optional comment, for any page or item: a click picks the thumb and
 * opens the comment box; Send records one rating with the comment, if any.
 */
export function ThumbsFeedback({ subject, label = 'Was this useful?' }: ThumbsFeedbackProps) {
  const [rating, setRating] = useState<'up' | 'down' | null>(null);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const rate = useApiMutation<{ rating: 'up' | 'down'; comment?: string }, Rating>({
    request: (body) =>
      apiFetch<Rating>('/api/v1/feedback/ratings', {
        method: 'POST',
        body: JSON.stringify({ subject, ...body }),
      }),
    invalidates: ['/api/v1/feedback'],
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (rating === null) return;
    const text = comment.trim();
    rate.mutate(text === '' ? { rating } : { rating, comment: text }, { onSuccess: () => setSent(true) });
  };

  return (
    <aside className="thumbs-feedback" aria-label="Feedback on this">
      {sent ? (
        <p className="muted" role="status">
          Thanks, the platform team will read it.
        </p>
      ) : (
        <form onSubmit={onSubmit}>
          <span className="muted">{label}</span>{' '}
          {(['up', 'down'] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              className="button button-small"
              aria-pressed={rating === choice}
              aria-label={choice === 'up' ? 'Thumbs up' : 'Thumbs down'}
              disabled={rate.isPending}
              onClick={() => setRating(choice)}
            >
              {choice === 'up' ? '👍' : '👎'}
            </button>
          ))}
          {rating !== null ? (
            <>
              {' '}
              <input
                aria-label="Why? (optional)"
                placeholder="Why? (optional)"
                maxLength={2000}
                value={comment}
                onChange={(event) => setComment(event.target.value)}
              />{' '}
              <button type="submit" className="button button-small" disabled={rate.isPending}>
                Send
              </button>
            </>
          ) : null}
          {rate.error ? (
            <p className="field-error" role="alert">
              {rate.error.message}
            </p>
          ) : null}
        </form>
      )}
    </aside>
  );
}
