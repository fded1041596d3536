import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import type { Role } from '../../kernel/roles.ts';
import type { RouteDefinition } from '../../server/http/route.ts';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { Principal } from '../auth/index.ts';
import { feedbackRoutes } from './feedback.routes.ts';
import { createFeedbackService, type FeedbackService, type FeedbackSettings } from './feedback.service.ts';
import { createFeedbackStore } from './feedback.store.ts';

/** What feedback needs to know about people (structurally identity's service). */
export interface FeedbackPeople {
  actorFor(
    principal: Principal,
  ): Promise<{ userId: string | null; name: string; teams: readonly string[]; role: Role }>;
  findUser(id: string): Promise<{ name: string } | undefined>;
}

/** Builds the feedback store, service and routes; compose.ts calls this once. */
export function composeFeedback(deps: {
  db: Kysely<StateDatabase>;
  people: FeedbackPeople;
  settings: FeedbackSettings;
  clock: Clock;
}): { service: FeedbackService; routes: RouteDefinition[] } {
  const service = createFeedbackService({
    store: createFeedbackStore(deps.db),
    settings: deps.settings,
    clock: deps.clock,
    // A token acting for a person files feedback under the person, not the token's name.
    respondent: async (principal) => {
      const actor = await deps.people.actorFor(principal);
      const user = actor.userId === null ? undefined : await deps.people.findUser(actor.userId);
      return {
        userId: actor.userId,
        name: user?.name ?? actor.name,
        teams: [...actor.teams],
        role: actor.role,
      };
    },
  });
  return { service, routes: feedbackRoutes(service) };
}
