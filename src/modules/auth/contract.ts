import { z } from 'zod';
import { SCOPES } from '../../kernel/scopes.ts';

export const ScopeSchema = z.enum(SCOPES);

const TeamNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a team name (a catalog Group)');

export const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: ScopeSchema,
  ownerUserId: z.string().nullable().describe('The user the token acts for; null: a service account'),
  owner: z.string().nullable().describe("The owner's name; null for a service account"),
  teams: z.array(z.string()).nullable().describe('Teams it is limited to; null: no limit'),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type Token = z.infer<typeof TokenSchema>;

export const TokenListSchema = z.object({ items: z.array(TokenSchema) });

export const CreateTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .regex(/^[\w .:@/-]+$/, 'may contain letters, digits, spaces and . : @ / _ -'),
  scope: ScopeSchema,
  teams: z
    .array(TeamNameSchema)
    .max(50)
    .optional()
    .describe("Limit operations to these teams' services. A member's operate token defaults to their teams."),
  serviceAccount: z
    .boolean()
    .default(false)
    .describe('Admins only: a token of a named service account (its name), owned by no person'),
});
export type CreateToken = z.infer<typeof CreateTokenSchema>;

export const CreatedTokenSchema = z.object({
  token: TokenSchema,
  secret: z.string().describe('The token itself; shown only in this response.'),
});

export const TokenIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

/**
 * Who made a request: a bearer token, or a browser session (of a person signed in through OIDC,
 * or of a token exchanged for a session at `/login?token=`).
 */
export interface Principal {
  via: 'token' | 'session';
  /** What the audit trail files the request under: `user:<id>` or `token:<id>`. */
  actorId: string;
  /** How people read who it is: a person's name, or a token's name (and its owner's). */
  name: string;
  /** The coarse gate every route checks; a person's is the widest their role allows. */
  scope: z.infer<typeof ScopeSchema>;
  /** The token behind the request, if any. */
  tokenId: string | null;
  /** The person behind the request (signed in, or owning the token); null for a service account. */
  userId: string | null;
  /** Tokens limited to teams: operations reach only those teams' services. null: no limit. */
  teamLimit: string[] | null;
  /** Browser sessions only: the session and the CSRF token state-changing requests must carry. */
  session: { id: string; csrfToken: string; expiresAt: string } | null;
}
