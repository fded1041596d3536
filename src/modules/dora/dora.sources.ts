import type { ChangeService } from '../changes/index.ts';
import type { IncidentStore } from '../incidents/index.ts';
import type { DoraSources } from './dora.service.ts';

/** Most changes one report reads; a window beyond it is cut (the newest are kept). */
const MAX_CHANGES = 100_000;

/** The DORA report's reads, through the changes and incidents modules. */
export function createDoraSources(deps: {
  changes: Pick<ChangeService, 'list'>;
  incidents: Pick<IncidentStore, 'listStartedBetween'>;
  catalog: { listServices(): Promise<Array<{ name: string; owner: string | null; system: string | null }>> };
}): DoraSources {
  return {
    changes: (from, to) => deps.changes.list({ from, to, limit: MAX_CHANGES }),
    pushes: (from, to) => deps.changes.list({ from, to, kind: 'push', limit: MAX_CHANGES }),
    incidents: (from, to) => deps.incidents.listStartedBetween(from, to),
    services: () => deps.catalog.listServices(),
  };
}
