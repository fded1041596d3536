import { type FormEvent, useId, useState } from 'react';
import { ApiError, fetchMeWith } from '../api/client.ts';
import { toApiError } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { CairnLogo } from '../components/cairn-logo.tsx';
import { storeToken } from './token-store.ts';

/**
 * Shown at any URL while no token is stored. The pasted token is checked with `/api/v1/me`
 * before it is stored, so a typo gets a message here instead of a sign-out loop.
 */
export function SignInScreen({ notice }: { notice: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const fieldId = useId();
  const hintId = useId();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) {
      setError('Paste a token to sign in.');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await fetchMeWith<Me>(candidate);
      storeToken(candidate);
    } catch (cause) {
      const apiError = toApiError(cause);
      setError(
        apiError instanceof ApiError && apiError.status === 401
          ? 'Cairn did not accept this token. Check that you copied all of it, or ask an admin for a new one.'
          : apiError.message,
      );
      setChecking(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <title>Sign in · Cairn</title>
      <div className="sign-in-card">
        <div className="sign-in-brand">
          <CairnLogo size={40} />
          <span className="brand-name">Cairn</span>
        </div>
        <h1>Sign in</h1>
        {notice ? (
          <p className="notice notice-warning" role="alert">
            {notice}
          </p>
        ) : null}
        <p>
          <code>cairn up</code> prints a login URL when it starts: open it to sign in. Or paste an access
          token below.
        </p>
        <form onSubmit={onSubmit} noValidate>
          <label htmlFor={fieldId}>Access token</label>
          <input
            id={fieldId}
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={hintId}
            aria-invalid={error ? true : undefined}
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
          <p id={hintId} className="field-hint">
            Tokens start with <code>cairn_</code>. An admin can create one under Settings → Tokens.
          </p>
          <p className="field-error" role="alert">
            {error}
          </p>
          <button type="submit" className="button button-primary" disabled={checking}>
            {checking ? 'Checking…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
