import { Link, useSearchParams } from 'react-router';
import type { ScorecardOverview } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Time } from '../../components/time.tsx';
import { LEVELS, type Level, levelLabel, nextSteps, percentAtLeast } from './scorecard-summary.ts';
import { ViolationsTable } from './violations-table.tsx';

/** Scorecard levels per team and per service, with what to fix next; filter by team in the URL. */
export function ScorecardsPage() {
  const query = useApiQuery<ScorecardOverview>('/api/v1/scorecards');
  const [params, setParams] = useSearchParams();
  const team = params.get('team') ?? '';
  return (
    <>
      <PageHeader
        title="Scorecards"
        description="Bronze, silver and gold: rules over the catalog and what Cairn knows of each service (owner, runbook, SLO, deploys). Defined as Scorecard files in policy.paths."
      />
      <ApiView query={query} errorTitle="Could not load the scorecards" rows={6}>
        {(data) => {
          if (data.scorecards.length === 0) {
            return (
              <EmptyState title="No scorecard defined">
                <p>
                  Add a <code>kind: Scorecard</code> file to a folder listed in <code>policy.paths</code> (see
                  examples/policies/scorecard-production-readiness.yaml).
                </p>
              </EmptyState>
            );
          }
          const teams = [...new Set(data.teams.map((t) => t.team))].sort();
          const services = data.services.filter((s) => !team || (s.team ?? '(no owner)') === team);
          return (
            <>
              <p className="muted">
                Evaluated <Time value={data.evaluatedAt} />
              </p>
              <h2>Teams</h2>
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Scorecard levels per team</caption>
                  <thead>
                    <tr>
                      <th scope="col">Team</th>
                      <th scope="col">Scorecard</th>
                      <th scope="col">Services</th>
                      {LEVELS.map((level) => (
                        <th scope="col" key={level}>
                          {levelLabel(level)} or above
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.teams.map((t) => (
                      <tr key={`${t.scorecard}/${t.team}`}>
                        <td>
                          <Link to={`/scorecards?team=${encodeURIComponent(t.team)}`}>{t.team}</Link>
                        </td>
                        <td>{t.scorecard}</td>
                        <td>{t.services}</td>
                        {LEVELS.map((level) => (
                          <td key={level}>{percentAtLeast(t.levels, level)}%</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <h2>Services</h2>
              <div className="toolbar">
                <label className="inline-field">
                  Team
                  <select
                    value={team}
                    onChange={(e) =>
                      setParams(e.target.value ? { team: e.target.value } : {}, { replace: true })
                    }
                  >
                    <option value="">All teams</option>
                    {teams.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Scorecard level per service</caption>
                  <thead>
                    <tr>
                      <th scope="col">Service</th>
                      <th scope="col">Team</th>
                      <th scope="col">Level</th>
                      <th scope="col">Next step</th>
                    </tr>
                  </thead>
                  <tbody>
                    {services.map((s) => {
                      const next = nextSteps(s);
                      return (
                        <tr key={`${s.scorecard}/${s.service}`}>
                          <td>
                            <Link to={`/services/${encodeURIComponent(s.service)}`}>{s.service}</Link>
                          </td>
                          <td>{s.team ?? '(no owner)'}</td>
                          <td>
                            <LevelBadge level={s.level} />
                          </td>
                          <td>
                            {next ? (
                              <ul className="plain-list">
                                {next.rules.map((r) => (
                                  <li key={r.name}>
                                    For {next.level}: {r.message}
                                  </li>
                                ))}
                              </ul>
                            ) : (
                              'Every rule passes'
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <h2>Open policy violations</h2>
              <ViolationsTable team={team} />
            </>
          );
        }}
      </ApiView>
    </>
  );
}

function LevelBadge({ level }: { level: Level | null }) {
  return <span className={`badge badge-level-${level ?? 'none'}`}>{levelLabel(level)}</span>;
}
