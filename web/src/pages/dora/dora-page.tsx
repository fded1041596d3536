import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { DoraReport } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { ThumbsFeedback } from '../feedback/thumbs-feedback.tsx';
import { formatBucket, formatDuration, formatPercentValue } from './dora-format.ts';
import { InsightsSection } from './insights-section.tsx';

const SCOPES = ['org', 'team', 'system', 'service'] as const;
const WINDOWS = [
  { days: '30', label: 'Last 30 days' },
  { days: '90', label: 'Last 90 days' },
] as const;
const DAY_MS = 24 * 3600 * 1000;

type Level = DoraReport['deploymentFrequency']['level'];
type Trend = DoraReport['deploymentFrequency']['trend'];

interface MetricCardProps {
  title: string;
  value: string;
  detail: string;
  level: Level;
  trend: Trend;
  previous: string;
}

function MetricCard({ title, value, detail, level, trend, previous }: MetricCardProps) {
  return (
    <section className="card" aria-label={title}>
      <h2 className="section-heading">{title}</h2>
      <p style={{ fontSize: '1.8rem', margin: '0.25rem 0' }} data-testid="metric-value">
        {value}
      </p>
      <p className="muted">{detail}</p>
      <p>
        <span className="badge" data-testid="metric-level">
          {level ?? 'no level'}
        </span>{' '}
        <span className="muted">
          {trend === null ? 'no trend' : trend} (previous window: {previous})
        </span>
      </p>
    </section>
  );
}

function DoraMetrics({ report }: { report: DoraReport }) {
  const {
    deploymentFrequency: f,
    changeLeadTime: l,
    changeFailRate: c,
    recoveryTime: r,
    reworkRate: w,
  } = report;
  return (
    <>
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))', gap: '1rem' }}
      >
        <MetricCard
          title="Deployment frequency"
          value={`${f.perDay.toFixed(2)} / day`}
          detail={`${f.deployments} deployments · ${formatBucket(f.bucket)} (median ${f.medianDeployDaysPerWeek} deploy days a week)`}
          level={f.level}
          trend={f.trend}
          previous={`${f.previousPerDay.toFixed(2)} / day`}
        />
        <MetricCard
          title="Change lead time"
          value={formatDuration(l.medianMs)}
          detail={`median over ${l.commits} commits · p90 ${formatDuration(l.p90Ms)}`}
          level={l.level}
          trend={l.trend}
          previous={formatDuration(l.previousMedianMs)}
        />
        <MetricCard
          title="Change fail rate"
          value={formatPercentValue(c.percent)}
          detail={`${c.failed} of ${c.deployments} deployments failed`}
          level={c.level}
          trend={c.trend}
          previous={formatPercentValue(c.previousPercent)}
        />
        <MetricCard
          title="Failed deployment recovery time"
          value={formatDuration(r.medianMs)}
          detail={`median over ${r.recovered} recovered · ${r.unrecovered} not yet`}
          level={r.level}
          trend={r.trend}
          previous={formatDuration(r.previousMedianMs)}
        />
        <MetricCard
          title="Deployment rework rate"
          value={formatPercentValue(w.percent)}
          detail={`${w.rework} of ${w.deployments} deployments were unplanned`}
          level={w.level}
          trend={w.trend}
          previous={formatPercentValue(w.previousPercent)}
        />
      </div>
      <section aria-labelledby="dora-failures">
        <h2 id="dora-failures" className="section-heading">
          Failed deployments and why
        </h2>
        {c.failures.length === 0 ? (
          <p className="muted">No deployment failed in this window.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Deployment</th>
                  <th>At</th>
                  <th>Evidence</th>
                  <th>Recovered</th>
                </tr>
              </thead>
              <tbody>
                {c.failures.map((failure) => (
                  <tr key={failure.deploymentId}>
                    <td>
                      {failure.service}
                      {failure.version ? ` v${failure.version}` : ''}
                    </td>
                    <td>{new Date(failure.at).toLocaleString()}</td>
                    <td>
                      <ul>
                        {failure.reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {failure.recoveredAt
                        ? formatDuration(Date.parse(failure.recoveredAt) - Date.parse(failure.at))
                        : 'not yet'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** The five DORA metrics for the organisation, a team, a system or a service (all in the URL). */
export function DoraPage() {
  const [params, setParams] = useSearchParams();
  const scope = SCOPES.find((s) => s === params.get('scope')) ?? 'org';
  const name = params.get('name') ?? '';
  const days = WINDOWS.find((w) => w.days === params.get('days'))?.days ?? '30';
  // Fixed per choice, so the query key stays put between renders.
  const range = useMemo(() => {
    const to = Date.now();
    return { from: new Date(to - Number(days) * DAY_MS).toISOString(), to: new Date(to).toISOString() };
  }, [days]);
  const ready = scope === 'org' || name !== '';
  const query = useApiQuery<DoraReport>(
    ready ? withQuery('/api/v1/dora', { scope, name: scope === 'org' ? null : name, ...range }) : null,
    { keepPrevious: true },
  );
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  return (
    <>
      <PageHeader
        title="DORA"
        description="Deployment frequency, lead time, change fail rate, recovery time and rework rate, with their DORA 2024 levels. Failures are attributed by evidence."
      />
      <div className="toolbar filters">
        <label className="inline-field">
          Scope
          <select value={scope} onChange={(e) => set({ scope: e.target.value })}>
            {SCOPES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {scope === 'org' ? null : (
          <label className="inline-field">
            Name
            <input
              key={scope}
              defaultValue={name}
              onBlur={(e) => set({ name: e.target.value.trim() || null })}
              onKeyDown={(e) => {
                if (e.key === 'Enter') set({ name: e.currentTarget.value.trim() || null });
              }}
            />
          </label>
        )}
        <label className="inline-field">
          Window
          <select value={days} onChange={(e) => set({ days: e.target.value })}>
            {WINDOWS.map((w) => (
              <option key={w.days} value={w.days}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {ready ? (
        <ApiView query={query} errorTitle="Could not load the DORA metrics" rows={5}>
          {(report) => <DoraMetrics report={report} />}
        </ApiView>
      ) : (
        <p className="muted">Name the {scope} to measure.</p>
      )}
      <InsightsSection from={range.from} to={range.to} />
      <ThumbsFeedback subject={{ kind: 'page', id: '/dora' }} label="Do these numbers help you?" />
    </>
  );
}
