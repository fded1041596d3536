import { z } from 'zod';
import { SCOPES } from '../../kernel/scopes.ts';

export const ScopeSchema = z.enum(SCOPES);

export const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: ScopeSchema,
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
});
export type CreateToken = z.infer<typeof CreateTokenSchema>;

export const CreatedTokenSchema = z.object({
  token: TokenSchema,
  secret: z.string().describe('The token itself; shown only in this response.'),
});

export const TokenIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const WhoAmISchema = z.object({ name: z.string(), scope: ScopeSchema, tokenId: z.string() });

/** Who made a request: resolved from its bearer token. */
export interface Principal {
  tokenId: string;
  name: string;
  scope: z.infer<typeof ScopeSchema>;
}
