import type { FastifyReply } from 'fastify';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import type { ChangeService } from './changes.service.ts';
import { ChangeListSchema, ChangeQuerySchema, RecordChangeSchema, RecordedChangeSchema } from './contract.ts';

/** 201 for a new change; 200 when the idempotency key named one already recorded, or nothing was recorded. */
export function sendRecorded(reply: FastifyReply, result: { outcome: string }): undefined {
  reply.code(result.outcome === 'recorded' ? 201 : 200).send(result);
  return undefined;
}

export function changeRoutes(changes: ChangeService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/changes',
      summary: 'Record a change (deploy, rollback, config, feature flag, infra, scale)',
      description:
        'Generic JSON for any CI or tool. With an idempotencyKey a replay records nothing new: the answer is 200 with the change recorded first (201 when new).',
      tags: ['changes'],
      auth: 'ingest',
      body: RecordChangeSchema,
      response: {
        status: 201,
        description: 'Recorded (201) or already recorded (200)',
        schema: RecordedChangeSchema,
      },
      handler: async ({ body, reply }) => sendRecorded(reply, await changes.recordGeneric(body)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/changes',
      summary: 'List changes, newest first',
      tags: ['changes'],
      auth: 'read',
      query: ChangeQuerySchema,
      response: { status: 200, description: 'Changes in [from, to), newest first', schema: ChangeListSchema },
      handler: async ({ query }) => ({ items: await changes.list(query) }),
    }),
  ];
}
