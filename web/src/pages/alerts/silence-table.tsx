import type { Silence } from '../../api/contracts.ts';
import type { WriteAccess } from '../../auth/use-write-access.ts';
import { ConfirmedDelete } from '../../components/confirmed-delete.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Time } from '../../components/time.tsx';
import { formatMatcher } from './silence-draft.ts';

/** Where a silence stands now. */
export type SilencePhase = 'active' | 'scheduled' | 'expired';

export function phaseOf(silence: Silence, now: number): SilencePhase {
  if (silence.active) return 'active';
  return Date.parse(silence.startsAt) > now ? 'scheduled' : 'expired';
}

interface SilenceTableProps {
  caption: string;
  silences: Silence[];
  now: number;
  access: WriteAccess;
}

/** Silences and maintenance windows with their matchers, time range and an "End now" control. */
export function SilenceTable({ caption, silences, now, access }: SilenceTableProps) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Matchers</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">Comment</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {silences.map((silence) => {
            const phase = phaseOf(silence, now);
            return (
              <tr
                key={silence.id}
                data-silence-id={silence.id}
                className={phase === 'expired' ? 'is-revoked' : undefined}
              >
                <th scope="row" className="mono">
                  {silence.matchers.map(formatMatcher).join(', ')}
                </th>
                <td>{silence.kind === 'maintenance' ? 'maintenance window' : 'silence'}</td>
                <td>
                  <StatusBadge status={phase} />
                </td>
                <td className="nowrap">
                  <Time value={silence.startsAt} />
                </td>
                <td className="nowrap">
                  <Time value={silence.endsAt} />
                </td>
                <td>
                  {silence.comment || <span className="muted">—</span>}
                  <span className="muted"> by {silence.createdBy}</span>
                </td>
                <td className="cell-actions">
                  {phase === 'expired' ? null : <EndControl silence={silence} access={access} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** "End now" with a confirm step: the first click asks, the second ends the silence. */
function EndControl({ silence, access }: { silence: Silence; access: WriteAccess }) {
  const label = silence.matchers.map(formatMatcher).join(', ');
  return (
    <ConfirmedDelete
      path={`/api/v1/silences/${encodeURIComponent(silence.id)}`}
      label="End now"
      ariaLabel={`End ${label} now`}
      legend={`Confirm ending ${label}`}
      question="End it? Matching alerts notify again."
      confirmLabel="Yes, end it"
      workingLabel="Ending…"
      disabled={!access.allowed}
      disabledReason={access.reason}
      invalidates={['/api/v1/silences', '/api/v1/alerts']}
    />
  );
}
