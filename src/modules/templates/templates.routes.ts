import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../../kernel/errors.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import type { Principal } from '../auth/index.ts';
import {
  DryRunResultSchema,
  OnboardingReportSchema,
  TaskEventListSchema,
  TaskEventsQuerySchema,
  TaskIdParamsSchema,
  TaskListQuerySchema,
  TaskListSchema,
  TaskSchema,
  TaskValuesSchema,
  TemplateListSchema,
  TemplateNameParamsSchema,
  TemplateSummarySchema,
} from './contract.ts';
import type { OnboardingReport } from './onboarding.ts';
import { presentTask, presentTemplate } from './presenters.ts';
import type { TaskStarter, TemplateService } from './task.service.ts';
import type { StoredTask } from './task.store.ts';

export interface TemplateRoutesDeps {
  templates: TemplateService;
  onboarding: () => Promise<OnboardingReport>;
}

function starterOf(principal: Principal | null): TaskStarter {
  if (!principal) throw new UnauthenticatedError();
  return { actorId: principal.actorId, name: principal.name, email: null, principal };
}

/**
 * The live log as Server-Sent Events: what is kept first (after `Last-Event-ID` or `after`), then
 * each line as it is written, then an `end` event with the finished task.
 */
async function streamEvents(
  service: TemplateService,
  present: (task: StoredTask) => unknown,
  id: string,
  after: number,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const task = await service.get(id);
  const lastEventId = Number(request.headers['last-event-id']);
  let lastSeq = Number.isFinite(lastEventId) && lastEventId > after ? lastEventId : after;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown, seq?: number) => {
    raw.write(`${seq !== undefined ? `id: ${seq}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let closed = false;
  const queued: Parameters<Parameters<TemplateService['subscribe']>[1]>[0][] = [];
  let replaying = true;
  const finish = (final: StoredTask) => {
    if (closed) return;
    send('end', present(final));
    closed = true;
    unsubscribe();
    raw.end();
  };
  const deliver = (event: (typeof queued)[number]) => {
    if (closed) return;
    if ('end' in event) return finish(event.end);
    if (event.seq <= lastSeq) return;
    lastSeq = event.seq;
    send('log', event, event.seq);
  };
  const unsubscribe = service.subscribe(id, (event) => (replaying ? queued.push(event) : deliver(event)));
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
  heartbeat.unref();
  request.raw.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
  });
  for (const event of await service.events(id, lastSeq)) deliver(event);
  replaying = false;
  for (const event of queued.splice(0)) deliver(event);
  if (!closed && !service.isRunning(id)) {
    // Finished before or while the backlog was sent: the stored task is final.
    const final = (await service.get(id)) ?? task;
    if (final.status !== 'running') {
      for (const event of await service.events(id, lastSeq)) deliver(event);
      finish(final);
    }
  }
  if (closed) clearInterval(heartbeat);
}

export function templateRoutes(deps: TemplateRoutesDeps): RouteDefinition[] {
  const { templates } = deps;
  const present = (task: StoredTask) => {
    const template = templates.listTemplates().find((t) => t.name === task.template) ?? null;
    return presentTask(task, template);
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/templates',
      summary: 'List the templates (golden paths)',
      tags: ['templates'],
      auth: 'read',
      response: { status: 200, description: 'Templates by name', schema: TemplateListSchema },
      handler: () => ({ items: templates.listTemplates().map(presentTemplate) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/templates/:name',
      summary: 'A template with its parameter pages',
      tags: ['templates'],
      auth: 'read',
      params: TemplateNameParamsSchema,
      response: { status: 200, description: 'The template', schema: TemplateSummarySchema },
      handler: ({ params }) => presentTemplate(templates.getTemplate(params.name)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/templates/:name/tasks',
      summary: 'Start a task from a template',
      description:
        'The values are checked against the parameters and the template against what Cairn supports before anything runs; the task then runs in the background (follow GET /api/v1/tasks/{id}/events).',
      tags: ['templates'],
      auth: 'operate',
      params: TemplateNameParamsSchema,
      body: TaskValuesSchema,
      response: { status: 201, description: 'The task, started', schema: TaskSchema },
      handler: async ({ params, body, principal }) =>
        present(await templates.create(params.name, body.values, starterOf(principal))),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/templates/:name/dry-run',
      summary: 'Render a template without publishing anything',
      description:
        'Runs the workspace steps in a temporary directory; answers the rendered files, the log and the output.',
      tags: ['templates'],
      auth: 'read',
      params: TemplateNameParamsSchema,
      body: TaskValuesSchema,
      response: { status: 200, description: 'The rendered tree', schema: DryRunResultSchema },
      handler: ({ params, body, principal }) =>
        templates.dryRun(params.name, body.values, starterOf(principal)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tasks',
      summary: 'List template tasks, newest first',
      tags: ['templates'],
      auth: 'read',
      query: TaskListQuerySchema,
      response: { status: 200, description: 'Tasks', schema: TaskListSchema },
      handler: async ({ query }) => ({ items: (await templates.list(query)).map(present) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tasks/:id',
      summary: 'A template task with its steps',
      tags: ['templates'],
      auth: 'read',
      params: TaskIdParamsSchema,
      response: { status: 200, description: 'The task', schema: TaskSchema },
      handler: async ({ params }) => present(await templates.get(params.id)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tasks/:id/events',
      summary: "A task's log: JSON, or live as Server-Sent Events",
      description:
        'With `Accept: text/event-stream` the log streams: `log` events (id = seq) as lines are written, then one `end` event with the task. Otherwise the lines kept so far, as JSON.',
      tags: ['templates'],
      auth: 'read',
      params: TaskIdParamsSchema,
      query: TaskEventsQuerySchema,
      response: { status: 200, description: 'Log lines after `after`', schema: TaskEventListSchema },
      handler: async ({ params, query, request, reply }) => {
        if (String(request.headers.accept ?? '').includes('text/event-stream')) {
          await streamEvents(templates, present, params.id, query.after, request, reply);
          return undefined;
        }
        const task = await templates.get(params.id);
        return { items: await templates.events(params.id, query.after), task: present(task) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tasks/:id/cancel',
      summary: 'Cancel a running task',
      tags: ['templates'],
      auth: 'operate',
      params: TaskIdParamsSchema,
      response: { status: 200, description: 'The cancelled task', schema: TaskSchema },
      handler: async ({ params }) => present(await templates.cancel(params.id)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tasks/:id/retry',
      summary: 'Retry a failed or cancelled task from the step that did not finish',
      tags: ['templates'],
      auth: 'operate',
      params: TaskIdParamsSchema,
      response: { status: 200, description: 'The task, running again', schema: TaskSchema },
      handler: async ({ params, principal }) =>
        present(await templates.retry(params.id, starterOf(principal))),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/onboarding-time',
      summary: 'Onboarding time: template task start → first successful production deploy',
      description: 'Per service created from a template, with the median per template, per team and overall.',
      tags: ['templates'],
      auth: 'read',
      response: { status: 200, description: 'Onboarding times', schema: OnboardingReportSchema },
      handler: () => deps.onboarding(),
    }),
  ];
}
