import { type FormEvent, useEffect, useId, useState } from 'react';
import { CairnLogo } from '../components/cairn-logo.tsx';
import { signInWithToken } from './session-store.ts';

interface SignInOptions {
  oidc: { label: string; url: string } | null;
}

/**
 * Shown at any URL without a session: sign in through the organisation's identity provider when
 * one is configured, or with an API token (exchanged for a session cookie; the token itself is
 * never stored by the page).
 */
export function SignInScreen({ notice }: { notice: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const fieldId = useId();
  const hintId = useId();

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/v1/auth/options', { signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<SignInOptions>) : null))
      .then((body) => setOptions(body))
      .catch(() => setOptions(null));
    return () => controller.abort();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) {
      setError('Paste a token to sign in.');
      return;
    }
    setChecking(true);
    setError(null);
    const problem = await signInWithToken(candidate);
    if (problem) {
      setError(problem);
      setChecking(false);
    }
  }

  // Back to the page the person was on after signing in at the provider.
  const returnTo = `${window.location.pathname}${window.location.search}`;

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
        {options?.oidc ? (
          <p>
            <a
              className="button button-primary"
              href={`${options.oidc.url}?returnTo=${encodeURIComponent(returnTo)}`}
            >
              Sign in with {options.oidc.label}
            </a>
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
            Tokens start with <code>cairn_</code>. Create one under Settings → Tokens.
          </p>
          <p className="field-error" role="alert">
            {error}
          </p>
          <button type="submit" className="button" disabled={checking}>
            {checking ? 'Checking…' : 'Sign in with token'}
          </button>
        </form>
      </div>
    </main>
  );
}
