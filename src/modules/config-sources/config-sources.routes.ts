import { z } from 'zod';
import { NotFoundError } from '../../kernel/errors.ts';
import { defineRoute, type RouteContext, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import type { ConfigReconciler } from './config-reconciler.ts';
import {
  CONFIG_KINDS,
  type ConfigObject,
  ConfigObjectListSchema,
  ConfigSourceListSchema,
  ENTITY_OBJECT_KINDS,
  MANAGED_KINDS,
  ManagedBySchema,
  OBJECT_KINDS,
} from './contract.ts';

export interface ConfigSourceRoutesDeps {
  reconciler: ConfigReconciler;
  /** Throws NotAllowedError unless the caller may change Cairn's configuration. */
  mayConfigure: (principal: RouteContext<unknown, unknown, unknown>['principal']) => Promise<void>;
  /** Every object running from a config source or a configured catalog source, by kind then name. */
  objects: () => Promise<ConfigObject[]>;
}

const ManagedByParamsSchema = z.object({
  kind: z
    .enum(MANAGED_KINDS)
    .describe('An object kind, or a catalog entity kind (`component`, `system`, `resource`, `group`…)'),
  name: z
    .string()
    .min(1)
    .max(300)
    .describe(
      'The runbook or action id, template or policy name; a catalog object `kind:name`; an entity name (`namespace/name` outside `default`)',
    ),
});

const ObjectsQuerySchema = z
  .object({ kind: z.enum(OBJECT_KINDS).optional().describe('Only the objects of this kind') })
  .strict();

/** `component` + `payment` name the catalog object `component:payment`; other kinds name themselves. */
function objectKey(kind: (typeof MANAGED_KINDS)[number], name: string): { kind: string; name: string } {
  return (ENTITY_OBJECT_KINDS as readonly string[]).includes(kind)
    ? { kind: 'catalog', name: `${kind}:${name.replace(/^default\//, '')}` }
    : { kind, name };
}

const SyncBodySchema = z
  .object({
    kind: z.enum(CONFIG_KINDS).optional().describe('Only the sources of this kind'),
    repository: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Only the git sources following this repository (any of its URLs), as a push webhook names it',
      ),
    ref: z.string().min(1).optional().describe('With repository: the pushed ref (`refs/heads/main`, `main`)'),
  })
  .strict()
  .prefault({});

/** The config sources' status (what runs, what was refused and why) and an on-demand sync. */
export function configSourceRoutes({
  reconciler,
  mayConfigure,
  objects,
}: ConfigSourceRoutesDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/config/objects',
      summary: 'Every object managed as code, with a digest per field and a link to its file',
      description:
        'What `cairn config diff` compares a working tree with: the objects of every config source and of the configured catalog sources (entities of repositories a template registered are not settings). Objects are read-only in Cairn.',
      tags: ['config'],
      auth: 'read',
      query: ObjectsQuerySchema,
      response: { status: 200, description: 'By kind, then by name', schema: ConfigObjectListSchema },
      handler: async ({ query }) => ({
        items: (await objects()).filter((object) => !query.kind || object.kind === query.kind),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/config/objects/:kind/:name',
      summary:
        'Where an object managed as code comes from: its source, file and line, and a link to the file',
      description:
        'Objects loaded from config sources are read-only in Cairn: change them in their file. 404 when no source holds the object.',
      tags: ['config'],
      auth: 'read',
      params: ManagedByParamsSchema,
      response: { status: 200, description: 'The file the object is defined in', schema: ManagedBySchema },
      handler: async ({ params }) => {
        const key = objectKey(params.kind, params.name);
        const found = (await objects()).find((o) => o.kind === key.kind && o.name === key.name);
        if (!found?.managedBy)
          throw new NotFoundError(`no ${params.kind} object "${params.name}" in a config source`);
        return found.managedBy;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/config/sources',
      summary: 'Config sources: the revision running, the one refused and its problems with file:line',
      tags: ['config'],
      auth: 'read',
      response: {
        status: 200,
        description: 'Every source, in configuration order',
        schema: ConfigSourceListSchema,
      },
      handler: async () => ({ items: reconciler.status() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/config/sources/sync',
      summary: 'Read config sources now (a push webhook of a forge other than GitHub, or a CI step)',
      tags: ['config'],
      auth: 'operate',
      body: SyncBodySchema,
      response: {
        status: 200,
        description: 'The sources read, after the sync',
        schema: ConfigSourceListSchema,
      },
      handler: async ({ principal, request, body }) => {
        noteAudit(request, { action: 'config.sync', target: body.repository ?? body.kind ?? 'config' });
        await mayConfigure(principal);
        const items = body.repository
          ? await reconciler.syncPushed([body.repository], body.ref ?? null)
          : await reconciler.sync(body.kind);
        return { items: body.kind ? items.filter((item) => item.kind === body.kind) : items };
      },
    }),
  ];
}
