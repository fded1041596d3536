import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { Answerable, AnswerSource } from './matcher.ts';
import { supportRoutes } from './support.routes.ts';
import { createSupportService, type SupportService } from './support.service.ts';
import { createSupportStore } from './support.store.ts';

/** The catalog as support reads it (structurally the catalog service's summaries). */
export interface SupportCatalog {
  listServices(): Promise<
    ReadonlyArray<{
      name: string;
      title: string | null;
      owner: string | null;
      system: string | null;
      links: ReadonlyArray<{ url: string; title: string | null }>;
      annotations: Readonly<Record<string, string>>;
    }>
  >;
}

/**
 * Answers from the catalog: each service's page, its docs links and its runbook link, found by
 * the service's name, title, team and system as well as the link's own title.
 */
export function catalogAnswerSource(catalog: SupportCatalog, publicUrl: () => string): AnswerSource {
  return async () =>
    (await catalog.listServices()).flatMap((service) => {
      const about = [service.name, service.title, service.owner, service.system].filter(Boolean).join(' ');
      const answers: Answerable[] = [
        {
          kind: 'service',
          title: service.title ?? service.name,
          url: `${publicUrl()}/services/${encodeURIComponent(service.name)}`,
          searchText: about,
        },
        ...service.links.map((link) => ({
          kind: 'doc' as const,
          title: link.title ? `${link.title} (${service.name})` : `${service.name} docs`,
          url: link.url,
          searchText: `${about} ${link.title ?? ''}`,
        })),
      ];
      const runbook = service.annotations['cairn.dev/runbook'];
      if (runbook) {
        answers.push({
          kind: 'runbook',
          title: `${service.name} runbook`,
          url: runbook,
          searchText: `${about} runbook`,
        });
      }
      return answers;
    });
}

/** Builds the support store, service and routes; compose.ts calls this once. */
export function composeSupport(deps: {
  db: Kysely<StateDatabase>;
  sources: readonly AnswerSource[];
  settings: {
    mattermostTokens: readonly string[];
    slackSigningSecret?: string | undefined;
    topics: Readonly<Record<string, readonly string[]>>;
  };
  clock: Clock;
  logger: Logger;
}): { service: SupportService; store: ReturnType<typeof createSupportStore>; routes: RouteDefinition[] } {
  const store = createSupportStore(deps.db);
  const service = createSupportService({
    store,
    sources: deps.sources,
    topics: deps.settings.topics,
    clock: deps.clock,
    logger: deps.logger,
  });
  return {
    service,
    store,
    routes: supportRoutes({
      support: service,
      mattermostTokens: deps.settings.mattermostTokens,
      slackSigningSecret: deps.settings.slackSigningSecret,
      clock: deps.clock,
    }),
  };
}
