import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Span, Trace } from '../../api/contracts.ts';
import { Time } from '../../components/time.tsx';
import { formatMs } from '../../lib/format.ts';
import { AttributeList, LogTable } from '../logs/log-table.tsx';
import { buildWaterfall, serviceColor } from './trace-tree.ts';

/**
 * The waterfall: one row per span, indented under its parent, its bar placed on the trace's time
 * axis in its service's colour; failed spans are red. A row opens to the span's details; the
 * span's logs are listed under it.
 */
export function TraceWaterfall({ trace }: { trace: Trace }) {
  const { rows, totalMs, orphanLogs } = useMemo(() => buildWaterfall(trace.spans, trace.logs), [trace]);
  const [open, setOpen] = useState<string | null>(
    () => rows.find((r) => r.span.status === 'Error')?.span.spanId ?? null,
  );
  const services = useMemo(() => [...new Set(trace.spans.map((s) => s.service))].sort(), [trace]);

  return (
    <>
      <ul className="legend" aria-label="Services">
        {services.map((s) => (
          <li key={s}>
            <span className="legend-swatch" style={{ background: serviceColor(s) }} />
            <Link to={`/services/${encodeURIComponent(s)}`}>{s}</Link>
          </li>
        ))}
      </ul>
      <div className="waterfall">
        <div className="wf-row wf-head" aria-hidden="true">
          <span>Span</span>
          <span>Timeline (0 – {formatMs(totalMs)})</span>
          <span>Duration</span>
        </div>
        <ol className="wf-list" aria-label="Spans">
          {rows.map(({ span, depth, offsetMs, logs }) => {
            const failed = span.status === 'Error';
            const expanded = open === span.spanId;
            return (
              <li key={span.spanId}>
                <div className={`wf-row${failed ? ' is-error' : ''}${expanded ? ' is-open' : ''}`}>
                  <span className="wf-name" style={{ paddingLeft: 8 + depth * 16 }}>
                    <button
                      type="button"
                      className="row-toggle"
                      aria-expanded={expanded}
                      onClick={() => setOpen(expanded ? null : span.spanId)}
                    >
                      <span
                        className="svc-chip"
                        style={{ background: serviceColor(span.service) }}
                        aria-hidden="true"
                      />
                      <span className="wf-service">{span.service}</span> {span.name}
                      {failed ? <span className="badge badge-error">error</span> : null}
                    </button>
                  </span>
                  <span className="wf-track">
                    <span
                      className="wf-bar"
                      style={{
                        left: `${(offsetMs / totalMs) * 100}%`,
                        width: `max(2px, ${(span.durationMs / totalMs) * 100}%)`,
                        background: failed ? 'var(--danger)' : serviceColor(span.service),
                      }}
                    />
                  </span>
                  <span className="wf-duration">{formatMs(span.durationMs)}</span>
                </div>
                {expanded ? <SpanDetails span={span} /> : null}
                {logs.length > 0 ? (
                  <div className="wf-logs">
                    <span style={{ paddingLeft: 24 + depth * 16 }}>
                      <LogTable logs={logs} showService={false} />
                    </span>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      </div>
      {orphanLogs.length > 0 ? (
        <>
          <h2 className="section-heading">Logs of this trace without a span</h2>
          <LogTable logs={orphanLogs} />
        </>
      ) : null}
    </>
  );
}

function SpanDetails({ span }: { span: Span }) {
  return (
    <div className="wf-details">
      <div>
        <dl className="facts">
          <dt>Status</dt>
          <dd className={span.status === 'Error' ? 'text-danger' : undefined}>
            {span.status}
            {span.statusMessage ? `: ${span.statusMessage}` : ''}
          </dd>
          <dt>Kind</dt>
          <dd>{span.kind}</dd>
          <dt>Start</dt>
          <dd>
            <Time value={span.startTime} precise />
          </dd>
          <dt>Span id</dt>
          <dd className="mono">{span.spanId}</dd>
        </dl>
        <AttributeList title="Attributes" attributes={span.attributes} />
        {span.events.length > 0 ? (
          <div className="attributes">
            <h4>Events</h4>
            <ul>
              {span.events.map((event) => (
                <li key={`${event.time}-${event.name}`}>
                  <Time value={event.time} precise /> <strong>{event.name}</strong>{' '}
                  <span className="mono muted">
                    {Object.entries(event.attributes)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(' ')}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <AttributeList title="Resource" attributes={span.resourceAttributes} />
      </div>
    </div>
  );
}
