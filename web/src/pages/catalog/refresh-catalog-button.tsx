import { useId, useState } from 'react';
import { apiFetch } from '../../api/client.ts';
import type { SyncResult } from '../../api/contracts.ts';
import { useApiMutation } from '../../api/queries.ts';
import { useCapability } from '../../auth/use-write-access.ts';

/** How a refresh went, in one sentence. */
export function describeSync(result: SyncResult): string {
  const { sources } = result;
  if (sources.length === 0) return 'No catalog sources are configured (catalog.sources in cairn.yaml).';
  const entities = sources.reduce((n, s) => n + s.entities, 0);
  const problems = sources.reduce((n, s) => n + s.problems, 0);
  const failed = sources.filter((s) => !s.ok);
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const head = `Synced ${count(sources.length, 'source', 'sources')}: ${count(entities, 'entity', 'entities')}, ${count(problems, 'problem', 'problems')}.`;
  return failed.length === 0
    ? head
    : `${head} Failed: ${failed.map((s) => `${s.label} (${s.error ?? 'unknown error'})`).join('; ')}.`;
}

/**
 * "Refresh catalog": syncs every source now (`POST /api/v1/catalog/refresh`, operate scope) and says
 * how it went; the services and catalog problems on screen are fetched again. Disabled, with the
 * reason, for tokens that cannot write.
 */
export function RefreshCatalogButton() {
  const access = useCapability('configure');
  const noteId = useId();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const sync = useApiMutation<void, SyncResult>({
    request: () => apiFetch<SyncResult>('/api/v1/catalog/refresh', { method: 'POST', body: '{}' }),
    invalidates: ['/api/v1/services', '/api/v1/teams', '/api/v1/catalog'],
    onSuccess: (result) => setOutcome({ ok: result.sources.every((s) => s.ok), text: describeSync(result) }),
  });
  const busy = sync.isPending;

  function refresh() {
    setOutcome(null);
    sync.mutate(undefined, {
      onError: (error) => setOutcome({ ok: false, text: `The catalog was not refreshed: ${error.message}` }),
    });
  }

  const note = outcome?.text ?? access.reason ?? '';
  return (
    <div className="refresh-catalog">
      <button
        type="button"
        className="button"
        disabled={!access.allowed || busy}
        aria-describedby={noteId}
        onClick={refresh}
      >
        {busy ? 'Refreshing…' : 'Refresh catalog'}
      </button>
      <p id={noteId} className={`refresh-note${outcome && !outcome.ok ? ' text-danger' : ''}`} role="status">
        {note}
      </p>
    </div>
  );
}
