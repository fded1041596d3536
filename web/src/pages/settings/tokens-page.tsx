import { useState } from 'react';
import { Link } from 'react-router';
import { toApiState, useApiQuery } from '../../api/queries.ts';
import type { ApiToken, CreatedToken, ItemList } from '../../api/types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { LoadingBlock } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { CreateTokenForm } from './create-token-form.tsx';
import { NewSecretPanel } from './new-secret-panel.tsx';
import { TokenTable } from './token-table.tsx';

const ADMIN_ONLY = 'Token management needs the admin scope.';

/** Settings → Tokens: list, create (secret shown once) and revoke API tokens. Admin only. */
export function TokensPage() {
  const me = useMe();
  return (
    <>
      <PageHeader
        title="Tokens"
        description={
          <>
            <Link to="/settings">Settings</Link> · API tokens for people, CI jobs and telemetry collectors.
          </>
        }
      />
      {me.status === 'loading' ? <LoadingBlock rows={4} /> : null}
      {me.status === 'ok' && me.data.scope !== 'admin' ? <NotAdmin scope={me.data.scope} /> : null}
      {me.status === 'ok' && me.data.scope === 'admin' ? (
        <TokenManager currentTokenId={me.data.tokenId} />
      ) : null}
    </>
  );
}

function NotAdmin({ scope }: { scope: string }) {
  return (
    <EmptyState title="Admins only">
      <p>
        {ADMIN_ONLY} You are signed in with a <strong>{scope}</strong> token; ask an admin to create or revoke
        tokens for you.
      </p>
    </EmptyState>
  );
}

function TokenManager({ currentTokenId }: { currentTokenId: string | null }) {
  const query = useApiQuery<ItemList<ApiToken>>('/api/v1/tokens');
  const state = toApiState(query);
  const reload = () => void query.refetch();
  const [created, setCreated] = useState<CreatedToken | null>(null);

  return (
    <>
      {created ? (
        <NewSecretPanel key={created.token.id} created={created} onDismiss={() => setCreated(null)} />
      ) : null}
      <CreateTokenForm onCreated={setCreated} />
      <h2 className="section-heading">All tokens</h2>
      {state.status === 'loading' ? <LoadingBlock rows={4} /> : null}
      {state.status === 'error' && state.error.status === 403 ? <NotAdmin scope="non-admin" /> : null}
      {state.status === 'error' && state.error.status !== 403 ? (
        <ErrorPanel title="Could not load tokens" error={state.error} onRetry={reload} />
      ) : null}
      {state.status === 'ok' ? (
        <TokenTable tokens={state.data.items} currentTokenId={currentTokenId} />
      ) : null}
    </>
  );
}
