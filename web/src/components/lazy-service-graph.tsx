import { type ComponentProps, lazy, Suspense } from 'react';
import type { ServiceGraphView } from './service-graph-view.tsx';

// Cytoscape + ELK are ~1.9 MB; only views that draw a graph download them, after their data.
const GraphView = lazy(() =>
  import('./service-graph-view.tsx').then((m) => ({ default: m.ServiceGraphView })),
);

/** `ServiceGraphView`, loaded on first use; a box of the same height holds its place meanwhile. */
export function LazyServiceGraph(props: ComponentProps<typeof ServiceGraphView>) {
  return (
    <Suspense
      fallback={
        <div className="graph skeleton-row" style={{ height: props.height ?? 560 }} role="status">
          <span className="visually-hidden">Loading the map…</span>
        </div>
      }
    >
      <GraphView {...props} />
    </Suspense>
  );
}
