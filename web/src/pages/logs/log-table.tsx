import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import type { LogRecord } from '../../api/contracts.ts';
import { Time } from '../../components/time.tsx';

function severityClass(text: string, number: number): string {
  if (number >= 17 || /error|fatal|crit/i.test(text)) return 'sev-error';
  if (number >= 13 || /warn/i.test(text)) return 'sev-warn';
  return 'sev-info';
}

/** Log rows; a row opens (click, Enter or Space) to its attributes and a link to its trace. */
export function LogTable({ logs, showService = true }: { logs: LogRecord[]; showService?: boolean }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <div className="table-wrap">
      <table className="table table-compact log-table">
        <caption className="visually-hidden">Log records, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Level</th>
            {showService ? <th scope="col">Service</th> : null}
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {logs.map((log, index) => {
            const key = `${log.timestamp}-${log.spanId}-${index}`;
            const expanded = open.has(key);
            return (
              <Fragment key={key}>
                <tr className={`log-row ${expanded ? 'is-open' : ''}`}>
                  <td className="nowrap">
                    <Time value={log.timestamp} precise />
                  </td>
                  <td>
                    <span className={`sev ${severityClass(log.severityText, log.severityNumber)}`}>
                      {log.severityText || 'UNSET'}
                    </span>
                  </td>
                  {showService ? <td className="nowrap">{log.service}</td> : null}
                  <td className="log-body">
                    <button
                      type="button"
                      className="row-toggle"
                      aria-expanded={expanded}
                      onClick={() => toggle(key)}
                    >
                      {log.body}
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr className="log-detail">
                    <td colSpan={showService ? 4 : 3}>
                      {log.traceId ? (
                        <p>
                          Trace{' '}
                          <Link className="mono" to={`/traces/${log.traceId}`}>
                            {log.traceId}
                          </Link>
                          {log.spanId ? <span className="muted mono"> span {log.spanId}</span> : null}
                        </p>
                      ) : null}
                      <AttributeList title="Attributes" attributes={log.attributes} />
                      <AttributeList title="Resource" attributes={log.resourceAttributes} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Key/value attributes as a definition list, sorted by key. */
export function AttributeList({ title, attributes }: { title: string; attributes: Record<string, string> }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <div className="attributes">
      <h4>{title}</h4>
      <dl>
        {entries.map(([k, v]) => (
          <Fragment key={k}>
            <dt className="mono">{k}</dt>
            <dd className="mono">{v}</dd>
          </Fragment>
        ))}
      </dl>
    </div>
  );
}
