import { useState } from 'react';
import { Link } from 'react-router';
import { toApiState, useApiQuery } from '../../api/queries.ts';
import type { ApiToken, CreatedToken, ItemList, Scope } from '../../api/types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { LoadingBlock } from '../../components/loading.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { CreateTokenForm } from './create-token-form.tsx';
import { NewSecretPanel } from './new-secret-panel.tsx';
import { TokenTable } from './token-table.tsx';

/**
 * Settings → Tokens: list, create (secret shown once) and revoke API tokens. Admins see and manage
 * every token; everyone else their own, with scopes up to their own (the API enforces both).
 */
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
      {me.status === 'ok' ? <TokenManager currentTokenId={me.data.tokenId} maxScope={me.data.scope} /> : null}
    </>
  );
}

function TokenManager({ currentTokenId, maxScope }: { currentTokenId: string | null; maxScope: Scope }) {
  const query = useApiQuery<ItemList<ApiToken>>('/api/v1/tokens');
  const state = toApiState(query);
  const reload = () => void query.refetch();
  const [created, setCreated] = useState<CreatedToken | null>(null);

  return (
    <>
      {created ? (
        <NewSecretPanel key={created.token.id} created={created} onDismiss={() => setCreated(null)} />
      ) : null}
      <CreateTokenForm onCreated={setCreated} maxScope={maxScope} />
      <h2 className="section-heading">{maxScope === 'admin' ? 'All tokens' : 'Your tokens'}</h2>
      {state.status === 'loading' ? <LoadingBlock rows={4} /> : null}
      {state.status === 'error' ? (
        <ErrorPanel title="Could not load tokens" error={state.error} onRetry={reload} />
      ) : null}
      {state.status === 'ok' && state.data.items.length === 0 ? (
        <EmptyState title="No token yet">
          <p>A token acts for you from scripts and the CLI, never with more rights than you have.</p>
        </EmptyState>
      ) : null}
      {state.status === 'ok' && state.data.items.length > 0 ? (
        <TokenTable tokens={state.data.items} currentTokenId={currentTokenId} />
      ) : null}
    </>
  );
}
