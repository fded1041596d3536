import type { ServiceDetail } from '../../api/contracts.ts';
import { sloFacts } from '../../lib/slo.ts';

/**
 * The service's availability objective, how the range on screen measured up to it and the error
 * budget left (negative when overspent), then its declared vs observed dependencies. `service` is
 * null while it loads.
 */
export function SloAndFindings({ service }: { service: ServiceDetail | null }) {
  return (
    <div className="card">
      <dl className="facts">
        {sloFacts(service?.slo ?? null).map((fact) => (
          <div key={fact.term} className="fact">
            <dt>{fact.term}</dt>
            <dd className={fact.tone === 'danger' ? 'text-danger' : undefined}>
              {fact.value}
              {fact.note ? <span className="fact-note">{fact.note}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <h3 className="subheading">Declared vs observed dependencies</h3>
      {service === null ? (
        <p className="muted">Declare this service in the catalog to compare its dependencies.</p>
      ) : service.findings.length === 0 ? (
        <p className="muted">Declared and observed dependencies agree.</p>
      ) : (
        <ul className="findings">
          {service.findings.map((f) => (
            <li key={`${f.kind}:${f.dependency}`} className={`finding finding-${f.kind}`}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
