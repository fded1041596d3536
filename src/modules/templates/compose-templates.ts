/**
 * The templates module wired from its dependencies, so compose.ts stays a few lines: the templates
 * (the last good of each config source, or read once from `templates.paths`), the built-in actions,
 * the task service and its routes, and the catalog sources tasks register.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../../kernel/clock.ts';
import type { CairnConfig } from '../../kernel/config-schema.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { CairnActionRunner } from './actions/cairn-action.action.ts';
import type { CatalogLocation } from './actions/catalog.actions.ts';
import { createBuiltinActions } from './actions/registry.ts';
import { onboardingReport } from './onboarding.ts';
import { createTemplateService, type TaskAuditor, type TemplateService } from './task.service.ts';
import type { TaskStore } from './task.store.ts';
import { type LoadedTemplate, loadTemplates } from './template-loader.ts';
import { templateRoutes } from './templates.routes.ts';

/** A catalog git source as the catalog's config declares one. */
export interface RegisteredCatalogSource {
  type: 'git';
  url: string;
  ref?: string;
  path?: string;
}

/** The sources template tasks registered, for the catalog sync. */
export async function registeredCatalogSources(store: TaskStore): Promise<RegisteredCatalogSource[]> {
  return (await store.catalogSources()).map((row) => ({
    type: 'git' as const,
    url: row.url,
    ...(row.ref ? { ref: row.ref } : {}),
    ...(row.path ? { path: row.path } : {}),
  }));
}

export interface ComposeTemplatesDeps {
  config: CairnConfig['templates'];
  /** The templates the config reconciler applied; without it `config.paths` is read once at start. */
  templates?: () => readonly LoadedTemplate[];
  dataDir: string;
  store: TaskStore;
  /** Syncs the catalog (with the registered sources) and says how the source with this label went. */
  syncCatalog: (label: string) => Promise<{ ok: boolean; error: string | null }>;
  ownerOf: (service: string) => Promise<string | null>;
  /** Earliest successful production deploy of a service at or after a time. */
  firstProductionDeploy: (service: string, since: string) => Promise<string | null>;
  audit: TaskAuditor;
  /** The actions module's runner, when it is there; without it `cairn:action` is refused up front. */
  cairnActions?: CairnActionRunner;
  clock: Clock;
  logger: Logger;
}

function labelOf(location: CatalogLocation): string {
  return `git:${location.url}${location.ref ? `#${location.ref}` : ''}${location.path ? `:${location.path}` : ''}`;
}

export async function composeTemplates(
  deps: ComposeTemplatesDeps,
): Promise<{ service: TemplateService; routes: RouteDefinition[] }> {
  const loaded = deps.templates ? null : loadTemplates(deps.config.paths);
  const templates = deps.templates ?? (() => loaded ?? []);
  const actions = createBuiltinActions({
    publish: {
      gitRemotes: deps.config.gitRemotes,
      githubApiUrls: deps.config.github.apiUrls,
      githubToken: deps.config.github.token ?? null,
      gitTimeoutMs: deps.config.gitTimeoutSeconds * 1000,
      defaultAuthor: { name: 'Cairn', email: 'cairn@localhost' },
    },
    catalog: {
      register: async (location, context) => {
        const label = labelOf(location);
        await deps.store.addCatalogSource({
          id: createHash('sha256').update(label).digest('hex').slice(0, 32),
          url: location.url,
          ref: location.ref,
          path: location.path,
          task_id: context.taskId,
          template: context.template,
          added_at: deps.clock.now().toISOString(),
        });
        const result = await deps.syncCatalog(label);
        if (!result.ok)
          throw new Error(`catalog:register: ${result.error ?? 'the catalog could not read the repository'}`);
        return { entityRefs: [] };
      },
    },
    cairnActions: deps.cairnActions,
  });
  const service = createTemplateService({
    templates,
    actions,
    store: deps.store,
    workDir: join(deps.dataDir, 'template-tasks'),
    ownerOf: deps.ownerOf,
    audit: deps.audit,
    clock: deps.clock,
    logger: deps.logger,
  });
  const interrupted = await service.recoverInterrupted();
  if (interrupted > 0)
    deps.logger.warn({ tasks: interrupted }, 'template tasks interrupted by a stop were failed');
  deps.logger.info({ templates: templates().length }, 'templates loaded');
  return {
    service,
    routes: templateRoutes({
      templates: service,
      onboarding: async () => onboardingReport(await deps.store.withService(), deps.firstProductionDeploy),
    }),
  };
}
