import { z } from 'zod';
import { TimeSchema } from '../changes/index.ts';

/** What Cairn can answer a support request with. */
export const SUGGESTION_KINDS = ['runbook', 'doc', 'action', 'service'] as const;

export const SuggestionSchema = z.object({
  kind: z.enum(SUGGESTION_KINDS),
  title: z.string(),
  url: z.string().describe('Where to read or run it'),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const RESOLUTIONS = ['self-service', 'platform-team'] as const;
export const ResolutionSchema = z.enum(RESOLUTIONS);
export type Resolution = z.infer<typeof ResolutionSchema>;

export const SupportRequestSchema = z.object({
  id: z.string(),
  source: z
    .enum(['mattermost', 'slack', 'api', 'import'])
    .describe(
      'Where it was asked: a chat command, the API, or elsewhere and imported (POST /api/v1/imports/support-requests)',
    ),
  asker: z.string(),
  channel: z.string().nullable(),
  text: z.string(),
  topic: z.string().describe('The configured topic with most keyword hits, or `other`'),
  suggestions: z.array(SuggestionSchema).describe('What Cairn answered with, best first'),
  createdAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: ResolutionSchema.nullable().describe(
    '`self-service`: resolved with what Cairn answered, without the platform team',
  ),
});
export type SupportRequest = z.infer<typeof SupportRequestSchema>;

/** `POST /api/v1/support/requests`: a request from somewhere other than chat (the web UI, a bot). */
export const CreateSupportRequestSchema = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
    channel: z.string().trim().max(200).optional(),
  })
  .strict();
export type CreateSupportRequest = z.infer<typeof CreateSupportRequestSchema>;

export const ResolveSupportRequestSchema = z
  .object({
    resolution: ResolutionSchema.default('self-service'),
  })
  .strict();

export const SupportRequestIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const SupportListQuerySchema = z
  .object({
    from: TimeSchema.optional().describe('Window start (inclusive); default 30 days before `to`'),
    to: TimeSchema.optional().describe('Window end (exclusive); default now'),
    topic: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type SupportListQuery = z.infer<typeof SupportListQuerySchema>;

export const SupportRequestListSchema = z.object({ items: z.array(SupportRequestSchema) });

/** The answer chat shows: Mattermost and Slack read the same two fields. */
export const ChatReplySchema = z.object({
  response_type: z.enum(['ephemeral', 'in_channel']),
  text: z.string(),
});
export type ChatReply = z.infer<typeof ChatReplySchema>;
