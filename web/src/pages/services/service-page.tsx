import { useParams } from 'react-router';
import type { ServiceDetail } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { TimeRangePicker } from '../../components/time-range-picker.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, useTimeRange } from '../../lib/time-range.ts';
import { ServiceActionsTab } from './service-actions-tab.tsx';
import { ServiceDocsTab } from './service-docs-tab.tsx';
import { ServiceFacts } from './service-facts.tsx';
import { ServiceOperatePanel } from './service-operate-panel.tsx';
import { ServiceOverview } from './service-overview.tsx';
import { ServiceLogsTab, ServiceTracesTab } from './service-tabs.tsx';

const TABS = [
  { key: 'overview', label: 'Overview' },
  { key: 'logs', label: 'Logs' },
  { key: 'traces', label: 'Traces' },
  { key: 'actions', label: 'Actions' },
  { key: 'docs', label: 'Docs' },
] as const;

/**
 * One service: owners and links from the catalog, then its RED charts, neighbourhood, changes,
 * incidents, findings and SLO, with logs and traces tabs pre-filtered to it. Services only seen in
 * telemetry (no catalog entry) still get every telemetry view.
 */
export function ServicePage() {
  const { name = '' } = useParams();
  const time = useTimeRange('1h');
  const tab = TABS.find((t) => t.key === time.params.get('tab'))?.key ?? 'overview';
  // The range moves the SLO figures and the observed dependencies with the rest of the page.
  const detail = useApiQuery<ServiceDetail>(
    withQuery(`/api/v1/services/${encodeURIComponent(name)}`, rangeQuery(time.range)),
    { keepPrevious: true },
  );
  const service = detail.data ?? null;

  return (
    <>
      <PageHeader
        title={service?.title ?? name}
        description={<ServiceFacts name={name} service={service} missing={detail.isError} />}
        actions={
          <TimeRangePicker
            range={time.range}
            onRange={time.setRange}
            onRefresh={time.setRefresh}
            onRefreshNow={time.refreshNow}
          />
        }
      />
      <ServiceOperatePanel name={name} />
      <div className="tabs" role="tablist" aria-label="Service views">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`tab-${t.key}`}
            aria-selected={tab === t.key}
            aria-controls="service-tabpanel"
            className="tab"
            onClick={() => time.setParam({ tab: t.key === 'overview' ? null : t.key })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="service-tabpanel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'overview' ? <ServiceOverview name={name} service={service} range={time.range} /> : null}
        {tab === 'logs' ? <ServiceLogsTab name={name} range={time.range} /> : null}
        {tab === 'traces' ? <ServiceTracesTab name={name} range={time.range} /> : null}
        {tab === 'actions' ? <ServiceActionsTab name={name} /> : null}
        {tab === 'docs' ? <ServiceDocsTab name={name} /> : null}
      </div>
    </>
  );
}
