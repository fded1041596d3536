import { z } from 'zod';
import { defineRoute, type RouteContext, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import type { ConfigReconciler } from './config-reconciler.ts';
import { CONFIG_KINDS, ConfigSourceListSchema } from './contract.ts';

export interface ConfigSourceRoutesDeps {
  reconciler: ConfigReconciler;
  /** Throws NotAllowedError unless the caller may change Cairn's configuration. */
  mayConfigure: (principal: RouteContext<unknown, unknown, unknown>['principal']) => Promise<void>;
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
export function configSourceRoutes({ reconciler, mayConfigure }: ConfigSourceRoutesDeps): RouteDefinition[] {
  return [
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
