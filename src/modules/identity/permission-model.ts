import { z } from 'zod';
import { ROLES, type Role } from '../../kernel/roles.ts';
import { SCOPES } from '../../kernel/scopes.ts';

export { ROLES, type Role };
/** Roles (see kernel/roles.ts); platform and admin may also read the audit trail. */
export const RoleSchema = z.enum(ROLES);

/**
 * What someone wants to do. `operate`: change a service's operational state (silence its alerts,
 * acknowledge or resolve its incidents, run its actions). `approve`: approve someone else's action
 * run. `configure`: change Cairn's configuration (catalog refresh, settings). `audit`: read the
 * audit trail. `manage`: create or revoke an API token.
 */
export const VERBS = ['read', 'ingest', 'operate', 'approve', 'configure', 'audit', 'manage'] as const;
export const VerbSchema = z.enum(VERBS);
export type Verb = z.infer<typeof VerbSchema>;

/** A service as permissions see it: its name and the team that owns it in the catalog. */
export const ServiceResourceSchema = z.object({
  kind: z.literal('service'),
  name: z.string(),
  owner: z.string().nullable().describe('Owning team (catalog spec.owner), null when none'),
});

/**
 * What an action is done to. `platform`: Cairn as a whole (configuration, the audit trail, and
 * operations that reach every team's services at once, such as a silence without a service).
 * `incident`: operating an incident touches every service it spans. `token`: an API token, owned
 * by a user (`ownerUserId`) or a service account (null).
 */
export const ResourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('platform') }),
  ServiceResourceSchema,
  z.object({ kind: z.literal('incident'), id: z.string(), services: z.array(ServiceResourceSchema) }),
  z.object({
    kind: z.literal('token'),
    ownerUserId: z.string().nullable(),
    scope: z.enum(SCOPES),
    teams: z.array(z.string()).nullable().describe('Teams the token is limited to; null: no limit'),
  }),
]);
export type Resource = z.infer<typeof ResourceSchema>;
export type ServiceResource = z.infer<typeof ServiceResourceSchema>;

export const DecisionSchema = z.object({
  allowed: z.boolean(),
  reason: z.string().nullable().describe('Why not, in words a person can act on; null when allowed'),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** Who is asking, reduced to what permissions depend on. */
export interface Actor {
  /** Shown in reasons: a person's name, or a token's. */
  name: string;
  /** The user behind the request (a person, or the owner of a token); null for a service account. */
  userId: string | null;
  role: Role;
  /** Teams the actor belongs to (catalog Groups and mapped IdP groups). */
  teams: readonly string[];
  /** Tokens only: the token's scope caps every verb. null for a signed-in person. */
  scope: (typeof SCOPES)[number] | null;
  /** Tokens only: operations limited to these teams' services. null: no limit. */
  teamLimit: readonly string[] | null;
}
