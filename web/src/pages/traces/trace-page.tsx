import { useParams } from 'react-router';
import type { Trace } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatMs } from '../../lib/format.ts';
import { TraceWaterfall } from './trace-waterfall.tsx';

/** One trace as a waterfall, its logs under their spans. */
export function TracePage() {
  const { traceId = '' } = useParams();
  const query = useApiQuery<Trace>(`/api/v1/traces/${encodeURIComponent(traceId)}`);
  return (
    <ApiView
      query={query}
      rows={10}
      errorTitle="Could not load this trace"
      notFound={() => <NoTrace traceId={traceId} />}
    >
      {(trace) =>
        trace.spans.length === 0 ? (
          <NoTrace traceId={traceId} />
        ) : (
          <>
            <PageHeader
              title={`Trace ${trace.traceId.slice(0, 12)}…`}
              description={<TraceFacts trace={trace} />}
            />
            <TraceWaterfall trace={trace} />
          </>
        )
      }
    </ApiView>
  );
}

function TraceFacts({ trace }: { trace: Trace }) {
  const starts = trace.spans.map((s) => Date.parse(s.startTime));
  const ends = trace.spans.map((s) => Date.parse(s.startTime) + s.durationMs);
  const services = new Set(trace.spans.map((s) => s.service));
  const errors = trace.spans.filter((s) => s.status === 'Error').length;
  return (
    <span className="meta-line">
      <span className="mono">{trace.traceId}</span>
      <span>{formatMs(Math.max(...ends) - Math.min(...starts))}</span>
      <span>{trace.spans.length} spans</span>
      <span>{services.size} services</span>
      {errors > 0 ? <strong className="text-danger">{errors} failed</strong> : null}
      <span>{trace.logs.length === 1 ? '1 log' : `${trace.logs.length} logs`}</span>
    </span>
  );
}

function NoTrace({ traceId }: { traceId: string }) {
  return (
    <>
      <PageHeader title="Trace not found" />
      <EmptyState title={`No spans for trace ${traceId}`}>
        <p>The trace may be older than the retention, or its spans have not arrived yet.</p>
      </EmptyState>
    </>
  );
}
