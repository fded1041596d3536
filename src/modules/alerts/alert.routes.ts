import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../kernel/clock.ts';
import { InputError } from '../../kernel/errors.ts';
import { defineRoute, type RouteContext, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
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
  silencedServices,
} from './silence-contract.ts';
import { parseTimeQuery } from './time-param.ts';

const WEEK_MS = 7 * 24 * 3600_000;

/**
 * Who may change what, decided by the identity module's `can` (ownership from the catalog). Each
 * check throws NotAllowedError with the reason; it is structural so alerts need not import identity.
 */
export interface OperateGuard {
  operateServices(
    principal: RouteContext<unknown, unknown, unknown>['principal'],
    services: readonly string[] | 'all',
    request: FastifyRequest,
  ): Promise<void>;
}

export interface AlertRoutesDeps {
  intake: AlertIntakeService;
  guard: OperateGuard;
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
      description:
        "Members may silence only their teams' services: the silence needs a plain `service=` matcher for a service they own. A silence without one reaches every team's alerts and needs the platform or admin role.",
      tags: ['alerts'],
      auth: 'operate',
      body: CreateSilenceSchema,
      response: { status: 201, description: 'Created', schema: SilenceSchema },
      handler: async ({ body, principal, request }) => {
        const services = silencedServices(body.matchers);
        noteAudit(request, {
          action: `${body.kind}.create`,
          target: 'silence',
          service: services === 'all' ? null : services.join(','),
          details: { matchers: body.matchers, endsAt: body.endsAt, comment: body.comment },
        });
        await deps.guard.operateServices(principal, services, request);
        const silence = await deps.silences.create(body, actorOf(principal));
        noteAudit(request, { target: `silence:${silence.id}` });
        return silence;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/silences/:id',
      summary: 'End a silence or maintenance window now',
      tags: ['alerts'],
      auth: 'operate',
      params: SilenceIdParamsSchema,
      response: { status: 204, description: 'Ended (ending twice is not an error)' },
      handler: async ({ params, principal, request }) => {
        noteAudit(request, { action: 'silence.expire', target: `silence:${params.id}` });
        const silence = await deps.silences.get(params.id);
        const services = silencedServices(silence.matchers);
        noteAudit(request, { service: services === 'all' ? null : services.join(',') });
        await deps.guard.operateServices(principal, services, request);
        await deps.silences.expire(params.id);
      },
    }),
  ];
}
