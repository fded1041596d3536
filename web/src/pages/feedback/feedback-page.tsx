import { useSearchParams } from 'react-router';
import type { FeedbackList, NpsReport } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Time } from '../../components/time.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { formatPercentValue } from '../dora/dora-format.ts';
import { formatAuthor, formatCsat, formatNps } from './feedback-format.ts';
import { ThumbsFeedback } from './thumbs-feedback.tsx';

const KINDS = ['', 'page', 'action-run', 'task', 'runbook-step'] as const;

/**
 * What developers say, for the platform team: NPS overall, per team and per survey period, CSAT
 * per capability, and every comment with who (unless anonymous) and where. The subject filter is
 * in the URL so a view can be shared.
 */
export function FeedbackPage() {
  const [params, setParams] = useSearchParams();
  const subjectKind = params.get('kind') ?? '';
  const nps = useApiQuery<NpsReport>('/api/v1/feedback/nps');
  const listPath = withQuery('/api/v1/feedback/comments', {
    subjectKind: subjectKind || undefined,
    limit: 200,
  });
  const comments = useApiQuery<FeedbackList>(listPath, { keepPrevious: true });
  return (
    <>
      <PageHeader
        title="Feedback"
        description="What developers say about the platform: the periodic survey and thumbs on pages, runs, tasks and runbook steps."
        actions={
          <a
            className="button"
            href={withQuery('/api/v1/feedback/export.csv', { subjectKind: subjectKind || undefined })}
            download
          >
            Export CSV
          </a>
        }
      />
      <ApiView query={nps} errorTitle="Could not load the NPS" rows={3}>
        {(report) => (
          <>
            <section className="card" aria-label="Net Promoter Score">
              <h2 className="section-heading">Net Promoter Score</h2>
              <p style={{ fontSize: '1.8rem', margin: '0.25rem 0' }} data-testid="nps-overall">
                {formatNps(report.overall.nps)}
              </p>
              <p className="muted">
                {report.overall.responses} answers · {report.overall.promoters} promoters (9–10) ·{' '}
                {report.overall.passives} passives · {report.overall.detractors} detractors (0–6) ·{' '}
                {report.ratings.up} 👍 {report.ratings.down} 👎
              </p>
              <p className="muted" data-testid="nps-trend">
                Per period:{' '}
                {report.trend.map((period) => `${formatNps(period.nps)} (${period.responses})`).join(' → ')}
              </p>
            </section>
            <div className="table-wrap">
              <table className="table" aria-label="NPS per team">
                <thead>
                  <tr>
                    <th>Team</th>
                    <th>NPS</th>
                    <th>Answers</th>
                  </tr>
                </thead>
                <tbody>
                  {report.byTeam.map((team) => (
                    <tr key={team.team}>
                      <td>{team.team}</td>
                      <td>{formatNps(team.nps)}</td>
                      <td>{team.responses}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-wrap">
              <table className="table" aria-label="CSAT per capability">
                <thead>
                  <tr>
                    <th>Capability</th>
                    <th>CSAT</th>
                    <th>Satisfied (4–5)</th>
                    <th>Answers</th>
                  </tr>
                </thead>
                <tbody>
                  {report.csat.map((row) => (
                    <tr key={row.capability}>
                      <td>{row.capability}</td>
                      <td>{formatCsat(row.averageScore)}</td>
                      <td>{formatPercentValue(row.satisfiedPercent)}</td>
                      <td>{row.responses}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </ApiView>
      <section aria-labelledby="feedback-comments">
        <h2 id="feedback-comments" className="section-heading">
          Comments
        </h2>
        <label className="field">
          <span>Where</span>
          <select
            value={subjectKind}
            onChange={(event) => setParams(event.target.value ? { kind: event.target.value } : {})}
          >
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind === '' ? 'everything (survey and thumbs)' : kind}
              </option>
            ))}
          </select>
        </label>
        <ApiView query={comments} errorTitle="Could not load the comments" rows={6}>
          {(list) =>
            list.items.length === 0 ? (
              <p className="muted">No feedback in this window yet.</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Feedback, newest first</caption>
                  <thead>
                    <tr>
                      <th>At</th>
                      <th>Where</th>
                      <th>Said</th>
                      <th>Comment</th>
                      <th>Who</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.items.map((item) => (
                      <tr key={`${item.kind}-${item.id}`}>
                        <td>
                          <Time value={item.at} />
                        </td>
                        <td className="mono">{item.where}</td>
                        <td>
                          {item.kind === 'survey' ? `${item.score} / 10` : item.rating === 'up' ? '👍' : '👎'}
                        </td>
                        <td>{item.comment ?? <span className="muted">—</span>}</td>
                        <td>{formatAuthor(item.author, item.teams)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </ApiView>
      </section>
      <ThumbsFeedback subject={{ kind: 'page', id: '/feedback' }} label="Is this page useful?" />
    </>
  );
}
