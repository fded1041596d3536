import { z } from 'zod';
import { InputError, UnauthenticatedError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../../kernel/validation.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import type { Principal } from '../auth/index.ts';
import type { ActionService } from './actions.service.ts';
import {
  ActionDetailQuerySchema,
  ActionDetailSchema,
  ActionListSchema,
  ActionParamsSchema,
  DecisionBodySchema,
  RunDetailSchema,
  RunListSchema,
  RunParamsSchema,
  RunQuerySchema,
  RunReportSchema,
  RunSchema,
  StartRunSchema,
} from './contract.ts';
import { streamRunLogs } from './run-log-stream.ts';
import type { RunService } from './runs.service.ts';
import { checkSignatureHeaders, verifySignedRequest } from './webhook-signature.ts';

export interface ActionRoutesDeps {
  actions: ActionService;
  runs: RunService;
  signingSecret: string | undefined;
  now: () => number;
  /** How often the log stream looks for new lines. */
  pollIntervalMs: number;
}

function signedIn(principal: Principal | null): Principal {
  // Routes below are never public, so the auth hook resolved a principal before the handler runs.
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

/** `GET /api/v1/actions…`, `POST /api/v1/actions/{id}/runs` and the `/api/v1/runs…` routes. */
export function actionRoutes(deps: ActionRoutesDeps): RouteDefinition[] {
  const { actions, runs } = deps;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/actions',
      summary: 'List the actions defined in the configuration repository',
      description: 'Definitions that do not load are listed under problems with their file and line.',
      tags: ['actions'],
      auth: 'read',
      response: { status: 200, description: 'Actions and loading problems', schema: ActionListSchema },
      handler: () => actions.list(),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/actions/:id',
      summary: 'One action: its inputs (JSON Schema), picker choices and guardrails',
      description:
        'With ?service= the pickers are filled for that service (its environments, the versions it has run) and mayRun says whether the caller may run it there.',
      tags: ['actions'],
      auth: 'read',
      params: ActionParamsSchema,
      query: ActionDetailQuerySchema,
      response: { status: 200, description: 'The action', schema: ActionDetailSchema },
      handler: ({ params, query, principal }) =>
        actions.detail(signedIn(principal), params.id, query.service),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/actions/:id/runs',
      summary: 'Run an action',
      description:
        'Checks who may run it, the inputs against their JSON Schema and rules, freezes, policies and one run per service; the run then waits for approval or is queued. 403 names what is missing, 400 the input, 409 a freeze or the run in progress.',
      tags: ['actions'],
      auth: 'operate',
      params: ActionParamsSchema,
      body: StartRunSchema,
      response: { status: 201, description: 'The run, waiting_for_approval or queued', schema: RunSchema },
      handler: async ({ params, body, principal, request }) => {
        noteAudit(request, {
          action: 'action-run.start',
          target: `action:${params.id}`,
          service: body.service ?? null,
          details: { action: params.id, inputs: body.inputs },
        });
        const run = await runs.start(signedIn(principal), params.id, body);
        noteAudit(request, {
          target: `run:${run.id}`,
          details: { action: params.id, inputs: run.inputs, state: run.state, warnings: run.warnings },
        });
        return run;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/runs',
      summary: 'List action runs, newest first',
      tags: ['actions'],
      auth: 'read',
      query: RunQuerySchema,
      response: { status: 200, description: 'Runs', schema: RunListSchema },
      handler: async ({ query }) => ({ items: await runs.list(query) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/runs/:id',
      summary: 'One run, with its log',
      tags: ['actions'],
      auth: 'read',
      params: RunParamsSchema,
      response: { status: 200, description: 'The run', schema: RunDetailSchema },
      handler: ({ params }) => runs.get(params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/runs/:id/logs',
      summary: "Stream a run's log (server-sent events)",
      description:
        'Each line is a `log` event (id = line number; Last-Event-ID resumes), state changes are `state` events, and an `end` event with the final run closes the stream.',
      tags: ['actions'],
      auth: 'read',
      params: RunParamsSchema,
      response: { status: 200, description: 'An event stream', contentType: 'text/event-stream' },
      handler: async ({ params, request, reply }) => {
        await runs.get(params.id); // 404 before the stream opens
        await streamRunLogs({ runId: params.id, runs, request, reply, pollIntervalMs: deps.pollIntervalMs });
        return undefined;
      },
    }),
    ...(['approve', 'decline'] as const).map((verb) =>
      defineRoute({
        method: 'POST',
        url: `/api/v1/runs/:id/${verb}`,
        summary:
          verb === 'approve' ? 'Approve a run waiting for approval' : 'Decline a run waiting for approval',
        description:
          "Only the action's approvers may; the requester only when the action allows self-approval.",
        tags: ['actions'],
        auth: 'operate',
        params: RunParamsSchema,
        body: DecisionBodySchema,
        response: { status: 200, description: 'The run after the decision', schema: RunSchema },
        handler: async ({ params, body, principal, request }) => {
          noteAudit(request, {
            action: `action-run.${verb}`,
            target: `run:${params.id}`,
            details: { comment: body.comment },
          });
          const run = await runs.get(params.id);
          noteAudit(request, {
            service: run.service,
            details: { action: run.actionId, comment: body.comment },
          });
          const who = signedIn(principal);
          return verb === 'approve'
            ? runs.approve(who, params.id, body.comment)
            : runs.decline(who, params.id, body.comment);
        },
      }),
    ),
    defineRoute({
      method: 'POST',
      url: '/api/v1/runs/:id/cancel',
      summary: 'Cancel a run that has not ended',
      tags: ['actions'],
      auth: 'operate',
      params: RunParamsSchema,
      body: z.object({}).strict().optional(),
      response: {
        status: 200,
        description: 'The run (cancelled, or running until its executor stops)',
        schema: RunSchema,
      },
      handler: async ({ params, principal, request }) => {
        const run = await runs.get(params.id);
        noteAudit(request, {
          action: 'action-run.cancel',
          target: `run:${params.id}`,
          service: run.service,
          details: { action: run.actionId },
        });
        return runs.cancel(signedIn(principal), params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/runs/:id/report',
      summary: "An automation reports a run's log lines and outcome (webhook executor)",
      description:
        'Signed like the webhook Cairn sent: X-Cairn-Timestamp (Unix seconds) and X-Cairn-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"> with actions.webhook.signingSecret.',
      tags: ['actions'],
      auth: 'public',
      requestGuard: (request) => {
        checkSignatureHeaders(deps.signingSecret, request.headers);
      },
      params: RunParamsSchema,
      rawBody: { contentTypes: ['application/json'], description: 'A run report (RunReport), signed' },
      response: { status: 200, description: 'The run after the report', schema: RunSchema },
      handler: async ({ params, body, request }) => {
        const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        verifySignedRequest(deps.signingSecret, request.headers, raw, deps.now());
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new InputError('body: not JSON', 'body');
        }
        return runs.report(params.id, parseOrThrow(RunReportSchema, json, 'body'));
      },
    }),
  ];
}
