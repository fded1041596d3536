import type { NoiseReport, RuleNoise } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { HealthBadge } from '../../components/status-badge.tsx';
import { TimeRangePicker } from '../../components/time-range-picker.tsx';
import { formatMs, formatShare } from '../../lib/format.ts';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, useTimeRange } from '../../lib/time-range.ts';
import { AlertsTabs } from './alerts-tabs.tsx';

function NoNoise() {
  return (
    <EmptyState title="No alerts yet">
      <p>
        Once Alertmanager sends alerts to <code>/api/v1/integrations/alertmanager</code>, this report shows
        per rule how often it fired, how often it paged a human, how much of it was flapping or transient, and
        what to change.
      </p>
    </EmptyState>
  );
}

/** The per-rule alert noise report with its recommendations, noisiest first. */
export function AlertNoisePage() {
  const { range, setRange, setRefresh, refreshNow } = useTimeRange('7d');
  const query = useApiQuery<NoiseReport>(withQuery('/api/v1/alerts/noise', rangeQuery(range)), {
    keepPrevious: true,
  });
  return (
    <>
      <PageHeader
        title="Alert noise"
        description="Which alert rules page for nothing, and what to do about each."
        actions={
          <TimeRangePicker
            range={range}
            onRange={setRange}
            onRefresh={setRefresh}
            onRefreshNow={refreshNow}
          />
        }
      />
      <AlertsTabs />
      <ApiView
        query={query}
        errorTitle="Could not load the noise report"
        rows={5}
        notFound={() => <NoNoise />}
      >
        {(data) => (data.items.length === 0 ? <NoNoise /> : <NoiseTable rules={data.items} />)}
      </ApiView>
    </>
  );
}

/** Rules, noisiest first; also used on Home (top rules). */
export function NoiseTable({ rules }: { rules: RuleNoise[] }) {
  const sorted = [...rules].sort((a, b) => b.noiseScore - a.noiseScore || b.fired - a.fired);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Alert rules by noise</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Noise</th>
            <th scope="col">Fired</th>
            <th scope="col">Paged</th>
            <th scope="col">Acted on</th>
            <th scope="col">Flapping</th>
            <th scope="col">Resolved in 5 min</th>
            <th scope="col">Median duration</th>
            <th scope="col">Recommendation</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((rule) => (
            <tr key={rule.rule}>
              <th scope="row">{rule.rule}</th>
              <td>
                <HealthBadge
                  health={rule.noiseScore >= 0.5 ? 'bad' : rule.noiseScore >= 0.2 ? 'warn' : 'ok'}
                  label={formatShare(rule.noiseScore)}
                />
              </td>
              <td>{rule.fired}</td>
              <td>{rule.paged}</td>
              <td>{rule.ledToAction}</td>
              <td>{rule.flapping}</td>
              <td>{rule.resolvedWithin5m}</td>
              <td>
                {rule.medianDurationSeconds === null ? '—' : formatMs(rule.medianDurationSeconds * 1000)}
              </td>
              <td>{rule.recommendation ?? <span className="muted">Keep as is</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
