import { z } from 'zod';
import { ScopeSchema } from '../auth/index.ts';
import { DecisionSchema, RoleSchema, VerbSchema } from './permission-model.ts';

export const MeSchema = z.object({
  kind: z.enum(['person', 'token']).describe('A person signed in, or a token (bearer or exchanged)'),
  name: z.string(),
  actorId: z.string().describe('How the audit trail names the caller: user:<id> or token:<id>'),
  email: z.string().nullable(),
  role: RoleSchema,
  teams: z.array(z.string()),
  scope: ScopeSchema.describe('The widest token scope the caller has (for a person: what the role allows)'),
  tokenId: z.string().nullable(),
  session: z
    .object({
      expiresAt: z.iso.datetime(),
      csrfToken: z
        .string()
        .describe('Send it back as the X-CSRF-Token header on every state-changing request of this session'),
    })
    .nullable(),
  can: z
    .object({
      operateAnyService: DecisionSchema,
      approve: DecisionSchema,
      configure: DecisionSchema,
      audit: DecisionSchema,
    })
    .describe('What the caller may do beyond their own services, with the reason when not'),
});
export type Me = z.infer<typeof MeSchema>;

export const PermissionQuerySchema = z
  .object({
    verb: VerbSchema,
    service: z.string().min(1).max(200).optional().describe('The service the verb is for'),
    incident: z.string().min(1).max(64).optional().describe('The incident the verb is for'),
  })
  .strict()
  .refine((query) => !(query.service && query.incident), 'give service or incident, not both');

export const PermissionAnswerSchema = z.object({
  items: z.array(
    z.object({
      verb: VerbSchema,
      service: z.string().nullable(),
      incident: z.string().nullable(),
      owner: z.string().nullable().describe("The service's owning team, when a service was asked about"),
      allowed: z.boolean(),
      reason: z.string().nullable(),
    }),
  ),
});

export const SignInQuerySchema = z.object({
  returnTo: z
    .string()
    .max(2000)
    .optional()
    .describe('Where to land after signing in: a path of this Cairn (starting with one "/")'),
});

export const CallbackQuerySchema = z.looseObject({
  state: z.string().max(200).optional(),
  code: z.string().max(4000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

export const TokenSessionSchema = z.object({
  token: z.string().min(1).max(400).describe('An API token to exchange for a browser session'),
});

export const SessionSchema = z.object({
  expiresAt: z.iso.datetime(),
  csrfToken: z.string(),
});

export const SignInOptionsSchema = z.object({
  oidc: z
    .object({ label: z.string(), url: z.string().describe('Open it to sign in through the provider') })
    .nullable(),
});
