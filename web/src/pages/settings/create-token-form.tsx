import { type FormEvent, useId, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import { useApiMutation } from '../../api/queries.ts';
import { type CreatedToken, SCOPES, type Scope } from '../../api/types.ts';
import { SCOPE_DESCRIPTIONS } from './scope-descriptions.ts';

/**
 * Creates a token; the caller shows the secret from `onCreated` once. Only scopes up to
 * `maxScope` (the person's own) are offered: the API refuses more anyway.
 */
export function CreateTokenForm({
  onCreated,
  maxScope,
}: {
  onCreated: (created: CreatedToken) => void;
  maxScope: Scope;
}) {
  const scopes = SCOPES.slice(0, SCOPES.indexOf(maxScope) + 1);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<Scope>(maxScope === 'ingest' ? 'ingest' : 'read');
  const [error, setError] = useState<string | null>(null);
  const create = useApiMutation<{ name: string; scope: Scope }, CreatedToken>({
    request: (body) =>
      apiFetch<CreatedToken>('/api/v1/tokens', { method: 'POST', body: JSON.stringify(body) }),
    invalidates: ['/api/v1/tokens'],
    onSuccess: (created) => {
      setName('');
      onCreated(created);
    },
  });
  const submitting = create.isPending;
  const nameId = useId();
  const scopeId = useId();
  const errorId = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the token a name, such as the person or job that will use it.');
      return;
    }
    setError(null);
    create.mutate({ name: name.trim(), scope }, { onError: (failure) => setError(failure.message) });
  }

  return (
    <form className="card form-inline" onSubmit={onSubmit} noValidate aria-labelledby={`${nameId}-title`}>
      <h2 id={`${nameId}-title`}>Create a token</h2>
      <div className="form-row">
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            name="name"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. ci-deployer"
            maxLength={100}
            value={name}
            aria-invalid={error ? true : undefined}
            aria-describedby={errorId}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={scopeId}>Scope</label>
          <select
            id={scopeId}
            name="scope"
            value={scope}
            // The options are exactly SCOPES, so the value is always a Scope.
            onChange={(event) => setScope(event.target.value as Scope)}
          >
            {scopes.map((option) => (
              <option key={option} value={option}>
                {option} — {SCOPE_DESCRIPTIONS[option]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create token'}
        </button>
      </div>
      <p id={errorId} className="field-error" role="alert">
        {error}
      </p>
    </form>
  );
}
