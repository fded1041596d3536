import type { Insights } from '../../api/contracts.ts';
import { useApiQuery } from '../../api/queries.ts';
import { ApiView } from '../../components/api-view.tsx';
import { withQuery } from '../../lib/query-string.ts';
import { formatAvailability, formatDuration, formatPercentValue } from './dora-format.ts';

/** Platform value for the same window: adoption, MTTR per severity, pages, support, SLO attainment per tier. */
export function InsightsSection({ from, to }: { from: string; to: string }) {
  const query = useApiQuery<Insights>(withQuery('/api/v1/insights', { from, to }), { keepPrevious: true });
  return (
    <section aria-labelledby="insights-heading">
      <h2 id="insights-heading" className="section-heading">
        Platform insights
      </h2>
      <ApiView query={query} errorTitle="Could not load the insights" rows={3}>
        {(insights) => (
          <dl aria-label="Insights">
            <dt>Self-service adoption</dt>
            <dd data-testid="adoption">
              {formatPercentValue(insights.adoption.percent)} ({insights.adoption.viaCairn} of{' '}
              {insights.adoption.all} deploys, rollbacks, scales and config changes through Cairn actions)
            </dd>
            <dt>MTTR</dt>
            <dd data-testid="mttr">
              {formatDuration(insights.mttr.medianMs)} median over {insights.mttr.resolved} resolved incidents
              {insights.mttr.bySeverity.map((s) => ` · ${s.severity} ${formatDuration(s.medianMs)}`).join('')}
            </dd>
            <dt>Pages per week</dt>
            <dd data-testid="pages">{insights.pagesPerWeek.map((week) => week.pages).join(' · ')}</dd>
            <dt>Pages answered with a Cairn action</dt>
            <dd data-testid="pages-action">
              {formatPercentValue(insights.pagesLedToAction.percent)} ({insights.pagesLedToAction.ledToAction}{' '}
              of {insights.pagesLedToAction.pages} pages)
            </dd>
            <dt>Support requests per week</dt>
            <dd data-testid="support">
              {insights.supportRequests.perWeek.map((week) => week.requests).join(' · ')} ·{' '}
              {formatPercentValue(insights.supportRequests.selfServicePercent)} resolved without the platform
              team
              {insights.supportRequests.byTopic.map((t) => ` · ${t.topic} ${t.requests}`).join('')}
            </dd>
            <dt>SLO attainment against {insights.sloAttainment.targetPercent} %</dt>
            <dd data-testid="slo-attainment">
              {insights.sloAttainment.byTier.length === 0
                ? 'No services in the catalog'
                : insights.sloAttainment.byTier
                    .map((t) =>
                      t.measured === 0
                        ? `${t.tier}: no requests`
                        : `${t.tier}: ${t.meeting} of ${t.measured} services (${formatPercentValue(t.attainmentPercent)}), ${formatAvailability(t.availabilityPercent)}${t.worst && t.worst.availabilityPercent < insights.sloAttainment.targetPercent ? `, worst ${t.worst.service} ${formatAvailability(t.worst.availabilityPercent)}` : ''}`,
                    )
                    .join(' · ')}
            </dd>
          </dl>
        )}
      </ApiView>
    </section>
  );
}
