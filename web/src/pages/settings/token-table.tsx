import type { ApiToken } from '../../api/types.ts';
import { ConfirmedDelete } from '../../components/confirmed-delete.tsx';
import { ScopeBadge } from '../../components/scope-badge.tsx';
import { Time } from '../../components/time.tsx';

interface TokenTableProps {
  tokens: ApiToken[];
  currentTokenId: string | null;
}

/** Every token, newest first; revoked ones greyed out with their revocation time. */
export function TokenTable({ tokens, currentTokenId }: TokenTableProps) {
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
                  <RevokeControl token={token} isCurrent={token.id === currentTokenId} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Revoke with a confirm step: the first click asks, the second revokes. */
function RevokeControl({ token, isCurrent }: { token: ApiToken; isCurrent: boolean }) {
  return (
    <ConfirmedDelete
      path={`/api/v1/tokens/${encodeURIComponent(token.id)}`}
      label="Revoke"
      ariaLabel={`Revoke ${token.name}`}
      legend={`Confirm revoking ${token.name}`}
      question={isCurrent ? 'Revoke? You will be signed out.' : 'Revoke? Apps using it stop working.'}
      confirmLabel="Yes, revoke"
      workingLabel="Revoking…"
      invalidates={['/api/v1/tokens']}
    />
  );
}
