import { z } from 'zod';
import { NotFoundError } from '../../kernel/errors.ts';
import { defineRoute, type RouteContext, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import type { ConfigReconciler } from './config-reconciler.ts';
import {
  CONFIG_KINDS,
  type ConfigKind,
  ConfigSourceListSchema,
  type ManagedBy,
  ManagedBySchema,
} from './contract.ts';

export interface ConfigSourceRoutesDeps {
  reconciler: ConfigReconciler;
  /** Throws NotAllowedError unless the caller may change Cairn's configuration. */
  mayConfigure: (principal: RouteContext<unknown, unknown, unknown>['principal']) => Promise<void>;
  /** Where an object of a kind comes from (null: from no source). */
  managedBy: (kind: ConfigKind, name: string) => ManagedBy | null;
}

const ManagedByParamsSchema = z.object({
  kind: z.enum(CONFIG_KINDS),
  name: z.string().min(1).max(300).describe('The runbook or action id, template or policy name'),
});

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
  managedBy,
}: ConfigSourceRoutesDeps): RouteDefinition[] {
  return [
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
        const found = managedBy(params.kind, params.name);
        if (!found) throw new NotFoundError(`no ${params.kind} object "${params.name}" in a config source`);
        return found;
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
