import cytoscape from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { GraphEdge, GraphNode } from '../api/contracts.ts';
import { errorShare, formatCount, formatMs, formatRate, formatShare, healthOf } from '../lib/format.ts';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '../lib/graph-layout.ts';

interface ServiceGraphViewProps {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Highlighted node (the service page's own service). */
  focus?: string;
  /** Range length in seconds, to turn call counts into rates on edge labels. */
  rangeSeconds: number;
  height?: number;
}

interface Pin {
  name: string;
  kind: GraphNode['kind'];
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
}

const HEALTH_FILL = { ok: '#2e9e6a', warn: '#d99a1c', bad: '#d6453d' } as const;

/** Resolves a CSS colour (custom properties and light-dark() included) to rgb() for the canvas. */
function cssColor(value: string): string {
  const probe = document.createElement('span');
  probe.style.color = value;
  document.body.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

function describe(node: GraphNode): string {
  const share = errorShare(node.errors, node.calls);
  return `${node.name} (${node.kind}): ${formatCount(node.calls)} calls, ${formatShare(share)} errors, p99 ${formatMs(node.p99Ms)}`;
}

/**
 * The service graph drawn by Cytoscape with an ELK layered layout: nodes coloured by error rate,
 * virtual nodes (databases, external peers) drawn dashed, edges labelled with rate and p99.
 * Every service node is also a real link laid over the canvas, so the map works with Tab/Enter and
 * a click opens the service page.
 */
export function ServiceGraphView({ nodes, edges, focus, rangeSeconds, height = 560 }: ServiceGraphViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [pins, setPins] = useState<Pin[]>([]);
  const [layoutError, setLayoutError] = useState<string | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let cy: cytoscape.Core | null = null;
    let cancelled = false;
    const text = cssColor('var(--text)');
    const muted = cssColor('var(--text-muted)');
    const surface = cssColor('var(--surface)');
    const accent = cssColor('var(--focus)');
    const byName = new Map(nodes.map((n) => [n.name, n]));

    layoutGraph(nodes, edges).then(
      (positions) => {
        if (cancelled) return;
        const at = new Map(positions.map((p) => [p.name, p]));
        cy = cytoscape({
          container: host,
          minZoom: 0.2,
          maxZoom: 2.5,
          wheelSensitivity: 0.3,
          boxSelectionEnabled: false,
          autoungrabify: true,
          elements: [
            ...nodes.map((n) => {
              const share = errorShare(n.errors, n.calls);
              return {
                data: {
                  id: n.name,
                  label: `${n.name}\n${n.calls > 0 ? `${formatShare(share)} err · p99 ${formatMs(n.p99Ms)}` : n.kind}`,
                  fill: n.kind === 'service' ? HEALTH_FILL[healthOf(share)] : surface,
                  virtual: n.kind === 'service' ? 0 : 1,
                  focus: n.name === focus ? 1 : 0,
                },
                position: { x: at.get(n.name)?.x ?? 0, y: at.get(n.name)?.y ?? 0 },
              };
            }),
            ...edges
              .filter((e) => byName.has(e.source) && byName.has(e.target))
              .map((e) => ({
                data: {
                  id: `${e.source}->${e.target}`,
                  source: e.source,
                  target: e.target,
                  label: `${formatRate(e.calls / Math.max(rangeSeconds, 1))} · p99 ${formatMs(e.p99Ms)}`,
                  bad: healthOf(errorShare(e.errors, e.calls)) === 'bad' ? 1 : 0,
                },
              })),
          ],
          layout: { name: 'preset' },
          style: [
            {
              selector: 'node',
              style: {
                shape: 'round-rectangle',
                width: NODE_WIDTH,
                height: NODE_HEIGHT,
                'background-color': 'data(fill)',
                'border-width': 1,
                'border-color': muted,
                label: 'data(label)',
                'text-wrap': 'wrap',
                'text-valign': 'center',
                'text-halign': 'center',
                'font-size': 11,
                color: '#ffffff',
                'text-outline-color': 'rgba(0,0,0,0.35)',
                'text-outline-width': 1,
              },
            },
            {
              selector: 'node[virtual = 1]',
              style: { shape: 'barrel', 'border-style': 'dashed', color: text, 'text-outline-width': 0 },
            },
            { selector: 'node[focus = 1]', style: { 'border-width': 4, 'border-color': accent } },
            {
              selector: 'edge',
              style: {
                width: 1.5,
                'curve-style': 'bezier',
                'target-arrow-shape': 'triangle',
                'line-color': muted,
                'target-arrow-color': muted,
                label: 'data(label)',
                'font-size': 9,
                color: text,
                'text-background-color': surface,
                'text-background-opacity': 0.85,
                'text-background-padding': '2px',
              },
            },
            {
              selector: 'edge[bad = 1]',
              style: { 'line-color': HEALTH_FILL.bad, 'target-arrow-color': HEALTH_FILL.bad },
            },
          ],
        });
        cy.fit(undefined, 24);
        const core = cy;
        const placePins = () => {
          const zoom = core.zoom();
          setPins(
            core.nodes().map((node) => {
              const p = node.renderedPosition();
              const data = byName.get(node.id());
              return {
                name: node.id(),
                kind: data?.kind ?? 'service',
                x: p.x,
                y: p.y,
                w: NODE_WIDTH * zoom,
                h: NODE_HEIGHT * zoom,
                label: data ? describe(data) : node.id(),
              };
            }),
          );
        };
        core.on('viewport resize', placePins);
        placePins();
      },
      (error: unknown) => {
        if (!cancelled) setLayoutError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      cancelled = true;
      cy?.destroy();
    };
  }, [nodes, edges, focus, rangeSeconds]);

  if (layoutError) return <p className="field-error">The map could not be laid out: {layoutError}</p>;
  return (
    <div className="graph" style={{ height }}>
      <div ref={hostRef} className="graph-canvas" />
      <ul className="graph-pins" aria-label="Nodes on the map">
        {pins.map((pin) => (
          <li key={pin.name}>
            {pin.kind === 'service' ? (
              <Link
                to={`/services/${encodeURIComponent(pin.name)}`}
                className="graph-pin"
                style={{ left: pin.x - pin.w / 2, top: pin.y - pin.h / 2, width: pin.w, height: pin.h }}
                aria-label={pin.label}
                title={pin.label}
              />
            ) : (
              <span
                className="graph-pin graph-pin-virtual"
                style={{ left: pin.x - pin.w / 2, top: pin.y - pin.h / 2, width: pin.w, height: pin.h }}
                title={pin.label}
              />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
