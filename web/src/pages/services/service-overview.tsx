import { useMemo } from 'react';
import type { Change, IncidentSummary, RedSeries, ServiceDetail, ServiceGraph } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import type { ItemList } from '../../api/types.ts';
import { ApiView } from '../../components/api-view.tsx';
import { ChangesTable } from '../../components/changes-table.tsx';
import { LazyServiceGraph } from '../../components/lazy-service-graph.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { rangeQuery, type TimeRange } from '../../lib/time-range.ts';
import { IncidentTable } from '../incidents/incidents-page.tsx';
import { ServiceRedCharts } from './service-red-charts.tsx';
import { SloAndFindings } from './slo-card.tsx';

interface OverviewProps {
  name: string;
  service: ServiceDetail | null;
  range: TimeRange;
}

/** RED charts with change markers, neighbourhood, changes, incidents, findings and SLO. */
export function ServiceOverview({ name, service, range }: OverviewProps) {
  const q = rangeQuery(range);
  const red = useApiQuery<RedSeries>(withQuery(`/api/v1/services/${encodeURIComponent(name)}/red`, q), {
    keepPrevious: true,
  });
  const changes = useApiQuery<ItemList<Change>>(withQuery('/api/v1/changes', { service: name, ...q }), {
    keepPrevious: true,
  });
  const graph = useApiQuery<ServiceGraph>(withQuery('/api/v1/service-graph', q), { keepPrevious: true });
  const incidents = useApiQuery<ItemList<IncidentSummary>>(withQuery('/api/v1/incidents', { service: name }));
  const changeItems = changes.data?.items ?? [];

  return (
    <>
      <h2 className="section-heading">Rate, errors, duration</h2>
      <ApiView query={red} errorTitle="Could not load RED metrics" rows={4}>
        {(series) => <ServiceRedCharts red={series} changes={changeItems} />}
      </ApiView>
      <div className="two-columns">
        <section aria-labelledby="neighbourhood">
          <h2 id="neighbourhood" className="section-heading">
            Neighbourhood
          </h2>
          <ApiView query={graph} errorTitle="Could not load the service graph" rows={4}>
            {(g) => <Neighbourhood graph={g} name={name} rangeSeconds={(range.to - range.from) / 1000} />}
          </ApiView>
        </section>
        <section aria-labelledby="slo">
          <h2 id="slo" className="section-heading">
            SLO and findings
          </h2>
          <SloAndFindings service={service} />
        </section>
      </div>
      <h2 className="section-heading">Recent changes</h2>
      <ApiView
        query={changes}
        errorTitle="Could not load changes"
        notFound={() => <p className="muted">The changes API is not available on this server.</p>}
      >
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">No changes to {name} in this range.</p>
          ) : (
            <ChangesTable changes={data.items} showService={false} />
          )
        }
      </ApiView>
      <h2 className="section-heading">Incidents</h2>
      <ApiView
        query={incidents}
        errorTitle="Could not load incidents"
        notFound={() => <p className="muted">The incidents API is not available on this server.</p>}
      >
        {(data) => {
          const mine = data.items.filter((i) => i.services.includes(name));
          return mine.length === 0 ? (
            <p className="muted">No incidents involve {name}.</p>
          ) : (
            <IncidentTable incidents={mine} />
          );
        }}
      </ApiView>
    </>
  );
}

function Neighbourhood({
  graph,
  name,
  rangeSeconds,
}: {
  graph: ServiceGraph;
  name: string;
  rangeSeconds: number;
}) {
  const local = useMemo(() => {
    const edges = graph.edges.filter((e) => e.source === name || e.target === name);
    const names = new Set([name, ...edges.flatMap((e) => [e.source, e.target])]);
    return { nodes: graph.nodes.filter((n) => names.has(n.name)), edges };
  }, [graph, name]);
  if (local.edges.length === 0) return <p className="muted">No calls to or from {name} in this range.</p>;
  return (
    <LazyServiceGraph
      nodes={local.nodes}
      edges={local.edges}
      focus={name}
      rangeSeconds={rangeSeconds}
      height={300}
    />
  );
}
