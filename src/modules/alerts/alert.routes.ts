import type { Clock } from '../../kernel/clock.ts';
import { InputError } from '../../kernel/errors.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { actorOf } from '../auth/index.ts';
import type { IncidentOutcome } from '../incidents/index.ts';
import type { AlertStore } from './alert.store.ts';
import type { AlertIntakeService } from './alert-intake.service.ts';
import {
  AlertListQuerySchema,
  AlertListSchema,
  AlertmanagerWebhookSchema,
  IntakeResultSchema,
} from './contract.ts';
import { NoiseQuerySchema, NoiseReportSchema } from './noise-contract.ts';
import { buildNoiseReport } from './noise-report.ts';
import type { SilenceService } from './silence.service.ts';
import {
  CreateSilenceSchema,
  SilenceIdParamsSchema,
  SilenceListQuerySchema,
  SilenceListSchema,
  SilenceSchema,
} from './silence-contract.ts';
import { parseTimeQuery } from './time-param.ts';

const WEEK_MS = 7 * 24 * 3600_000;

export interface AlertRoutesDeps {
  intake: AlertIntakeService;
  store: AlertStore;
  silences: SilenceService;
  outcomes: {
    outcomes(ids: readonly string[]): Promise<IncidentOutcome[]>;
    pagedBetween(from: string, to: string): Promise<IncidentOutcome[]>;
  };
  clock: Clock;
}

/** Alert intake (Alertmanager webhook), the alert list, noise analytics and silences. */
export function alertRoutes(deps: AlertRoutesDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/integrations/alertmanager',
      summary: 'Alertmanager webhook receiver (payload version 4)',
      description:
        'Point an Alertmanager `webhook_configs` receiver here with `http_config.authorization.credentials` set to a token. Repeated deliveries of the same alert state are no-ops.',
      tags: ['alerts'],
      auth: 'ingest',
      body: AlertmanagerWebhookSchema,
      response: { status: 200, description: 'Recorded', schema: IntakeResultSchema },
      handler: ({ body }) => deps.intake.ingestAlertmanager(body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts',
      summary: 'List alerts in their latest state, most recently changed first',
      tags: ['alerts'],
      auth: 'read',
      query: AlertListQuerySchema,
      response: { status: 200, description: 'Alerts', schema: AlertListSchema },
      handler: async ({ query }) => ({ items: await deps.intake.list(query.status, query.limit) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alerts/noise',
      summary: 'Noise analytics per alert rule, with a recommendation',
      tags: ['alerts'],
      auth: 'read',
      query: NoiseQuerySchema,
      response: { status: 200, description: 'Rules, noisiest first', schema: NoiseReportSchema },
      handler: async ({ query }) => {
        const to = parseTimeQuery(query.to, 'to') ?? deps.clock.now();
        const from = parseTimeQuery(query.from, 'from') ?? new Date(to.getTime() - WEEK_MS);
        if (from >= to) throw new InputError('query.from must be before query.to', 'from');
        const [fromIso, toIso] = [from.toISOString(), to.toISOString()];
        const events = await deps.store.eventsBetween(fromIso, toIso);
        const ids = [...new Set(events.flatMap((event) => (event.incident_id ? [event.incident_id] : [])))];
        const [outcomes, paged] = await Promise.all([
          deps.outcomes.outcomes(ids),
          deps.outcomes.pagedBetween(fromIso, toIso),
        ]);
        return { from: fromIso, to: toIso, items: buildNoiseReport(events, outcomes, paged) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/silences',
      summary: 'List silences and maintenance windows',
      tags: ['alerts'],
      auth: 'read',
      query: SilenceListQuerySchema,
      response: { status: 200, description: 'Silences', schema: SilenceListSchema },
      handler: async ({ query }) => ({ items: await deps.silences.list(query.active === 'true') }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/silences',
      summary: 'Create a silence or maintenance window (matchers + time range)',
      tags: ['alerts'],
      auth: 'write',
      body: CreateSilenceSchema,
      response: { status: 201, description: 'Created', schema: SilenceSchema },
      handler: ({ body, principal }) => deps.silences.create(body, actorOf(principal)),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/silences/:id',
      summary: 'End a silence or maintenance window now',
      tags: ['alerts'],
      auth: 'write',
      params: SilenceIdParamsSchema,
      response: { status: 204, description: 'Ended (ending twice is not an error)' },
      handler: async ({ params }) => {
        await deps.silences.expire(params.id);
      },
    }),
  ];
}
