import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import type { ApiToken } from '../../api/types.ts';
import { toApiError } from '../../api/use-api.ts';
import { ScopeBadge } from '../../components/scope-badge.tsx';
import { Time } from '../../components/time.tsx';

interface TokenTableProps {
  tokens: ApiToken[];
  currentTokenId: string | null;
  onRevoked: () => void;
}

/** Every token, newest first; revoked ones greyed out with their revocation time. */
export function TokenTable({ tokens, currentTokenId, onRevoked }: TokenTableProps) {
  const sorted = [...tokens].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scope</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((token) => (
            <tr
              key={token.id}
              className={token.revokedAt ? 'is-revoked' : undefined}
              data-token-id={token.id}
            >
              <th scope="row">
                {token.name}
                {token.id === currentTokenId ? (
                  <span className="badge badge-current">this session</span>
                ) : null}
              </th>
              <td>
                <ScopeBadge scope={token.scope} />
              </td>
              <td>
                <Time value={token.createdAt} />
                {token.createdBy ? <span className="muted"> by {token.createdBy}</span> : null}
              </td>
              <td>
                {token.lastUsedAt ? <Time value={token.lastUsedAt} /> : <span className="muted">Never</span>}
              </td>
              <td className="cell-actions">
                {token.revokedAt ? (
                  <span>
                    Revoked <Time value={token.revokedAt} />
                  </span>
                ) : (
                  <RevokeControl
                    token={token}
                    isCurrent={token.id === currentTokenId}
                    onRevoked={onRevoked}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type RevokeStep = 'idle' | 'confirming' | 'revoking';

/** Revoke with a confirm step: the first click asks, the second revokes. */
function RevokeControl({
  token,
  isCurrent,
  onRevoked,
}: {
  token: ApiToken;
  isCurrent: boolean;
  onRevoked: () => void;
}) {
  const [step, setStep] = useState<RevokeStep>('idle');
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const previousStep = useRef<RevokeStep>('idle');

  useEffect(() => {
    // Keep keyboard focus on the control as it changes shape.
    if (step === 'confirming') cancelRef.current?.focus();
    if (step === 'idle' && previousStep.current === 'confirming') revokeRef.current?.focus();
    previousStep.current = step;
  }, [step]);

  async function revoke() {
    setStep('revoking');
    setError(null);
    try {
      await apiFetch<void>(`/api/v1/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      onRevoked();
    } catch (cause) {
      setError(toApiError(cause).message);
      setStep('confirming');
    }
  }

  if (step === 'idle') {
    return (
      <button
        type="button"
        ref={revokeRef}
        className="button button-small"
        aria-label={`Revoke ${token.name}`}
        onClick={() => setStep('confirming')}
      >
        Revoke
      </button>
    );
  }

  return (
    <fieldset className="confirm">
      <legend className="visually-hidden">Confirm revoking {token.name}</legend>
      <span className="confirm-question">
        {isCurrent ? 'Revoke? You will be signed out.' : 'Revoke? Apps using it stop working.'}
      </span>
      <button
        type="button"
        className="button button-small button-danger"
        disabled={step === 'revoking'}
        onClick={revoke}
      >
        {step === 'revoking' ? 'Revoking…' : 'Yes, revoke'}
      </button>
      <button
        type="button"
        ref={cancelRef}
        className="button button-small"
        disabled={step === 'revoking'}
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
