import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Silence } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { useWriteAccess } from '../../auth/use-write-access.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { AlertsTabs } from './alerts-tabs.tsx';
import { formatMatcher, initialDraft } from './silence-draft.ts';
import { SilenceForm } from './silence-form.tsx';
import { phaseOf, SilenceTable } from './silence-table.tsx';

const SHOW = [
  { key: '', label: 'Active and scheduled' },
  { key: 'expired', label: 'Expired' },
  { key: 'all', label: 'All' },
] as const;

/**
 * Silences and maintenance windows: alerts they match are recorded but open no incident and page
 * nobody. Lists them by state (in the URL), creates new ones (prefilled from `?m=name=value`) and
 * ends them early.
 */
export function SilencesPage() {
  const [params, setParams] = useSearchParams();
  const show = params.get('show') ?? '';
  const access = useWriteAccess();
  const query = useApiQuery<ItemList<Silence>>('/api/v1/silences', { keepPrevious: true });
  // The prefill is read once: editing the form must not be undone by a URL change.
  const [initial] = useState(() => initialDraft(params, new Date()));
  const [created, setCreated] = useState<Silence | null>(null);

  return (
    <>
      <PageHeader
        title="Silences"
        description="Silences and maintenance windows: matching alerts are kept, but open no incident and page nobody."
      />
      <AlertsTabs />
      <SilenceForm initial={initial} access={access} onCreated={setCreated} />
      <p className="notice-line" role="status">
        {created
          ? `Created ${created.kind === 'maintenance' ? 'maintenance window' : 'silence'} for ${created.matchers.map(formatMatcher).join(', ')}.`
          : ''}
      </p>
      <fieldset className="toolbar">
        <legend className="visually-hidden">Show</legend>
        {SHOW.map((f) => (
          <button
            key={f.key}
            type="button"
            className={`button button-small${show === f.key ? ' is-selected' : ''}`}
            aria-pressed={show === f.key}
            onClick={() => setParams(f.key ? { show: f.key } : {}, { replace: true })}
          >
            {f.label}
          </button>
        ))}
      </fieldset>
      <ApiView query={query} errorTitle="Could not load silences" rows={4}>
        {(data) => <SilenceList silences={data.items} show={show} access={access} />}
      </ApiView>
    </>
  );
}

function SilenceList(props: {
  silences: Silence[];
  show: string;
  access: ReturnType<typeof useWriteAccess>;
}) {
  const { silences, show } = props;
  // Phases are judged at render; the list reloads after every change.
  const now = Date.now();
  const shown = silences
    .filter((s) => {
      const phase = phaseOf(s, now);
      if (show === 'all') return true;
      return show === 'expired' ? phase === 'expired' : phase !== 'expired';
    })
    .sort((a, b) => b.endsAt.localeCompare(a.endsAt));
  if (shown.length === 0) {
    const title =
      show === 'expired'
        ? 'No expired silences'
        : show === 'all'
          ? 'No silences yet'
          : 'Nothing silenced now';
    return (
      <EmptyState title={title}>
        <p>
          Create a silence for a known, noisy alert, or a maintenance window before planned work, so alerts it
          causes do not page anyone. Alertmanager’s own silences keep working as before.
        </p>
      </EmptyState>
    );
  }
  return (
    <SilenceTable
      caption={SHOW.find((f) => f.key === show)?.label ?? 'Silences'}
      silences={shown}
      now={now}
      access={props.access}
    />
  );
}
