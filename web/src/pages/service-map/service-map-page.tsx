import type { ServiceGraph } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { LazyServiceGraph } from '../../components/lazy-service-graph.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { TimeRangePicker } from '../../components/time-range-picker.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, useTimeRange } from '../../lib/time-range.ts';

/** The whole service graph from traces; click (or Tab + Enter) a service to open it. */
export function ServiceMapPage() {
  const { range, setRange, setRefresh, refreshNow } = useTimeRange('1h');
  const query = useApiQuery<ServiceGraph>(withQuery('/api/v1/service-graph', rangeQuery(range)), {
    keepPrevious: true,
  });
  return (
    <>
      <PageHeader
        title="Service map"
        description="Who calls whom, from traces. Colour is the error rate; edges show rate and p99."
        actions={
          <TimeRangePicker
            range={range}
            onRange={setRange}
            onRefresh={setRefresh}
            onRefreshNow={refreshNow}
          />
        }
      />
      <ApiView query={query} errorTitle="Could not load the service map" rows={8}>
        {(graph) =>
          graph.nodes.length === 0 ? (
            <EmptyState title="No calls in this range">
              <p>
                The map draws itself from OpenTelemetry traces: services appear as they send spans to Cairn's
                OTLP endpoint, with databases and external peers named from <code>db.system</code> and{' '}
                <code>peer.service</code>.
              </p>
            </EmptyState>
          ) : (
            <>
              <MapLegend />
              <LazyServiceGraph
                nodes={graph.nodes}
                edges={graph.edges}
                rangeSeconds={(range.to - range.from) / 1000}
                height={Math.min(900, Math.max(480, graph.nodes.length * 16))}
              />
            </>
          )
        }
      </ApiView>
    </>
  );
}

function MapLegend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <span className="legend-swatch health-ok-bg" /> under 1% errors
      </li>
      <li>
        <span className="legend-swatch health-warn-bg" /> 1-5%
      </li>
      <li>
        <span className="legend-swatch health-bad-bg" /> 5% or more
      </li>
      <li>
        <span className="legend-swatch legend-virtual" /> database or external peer
      </li>
    </ul>
  );
}
