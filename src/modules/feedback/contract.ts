import { z } from 'zod';
import { TimeSchema } from '../changes/index.ts';

/**
 * What a thumbs up/down is about: a web page (its path), an action run, a task, or a runbook step
 * (`<runbook>#<step>`). Kinds are fixed so the feedback page can group and link them.
 */
export const SUBJECT_KINDS = ['page', 'action-run', 'task', 'runbook-step'] as const;
export const SubjectKindSchema = z.enum(SUBJECT_KINDS);
export type SubjectKind = z.infer<typeof SubjectKindSchema>;

const CommentSchema = z.string().trim().max(2000, 'must be at most 2000 characters');

export const SubjectSchema = z
  .object({
    kind: SubjectKindSchema,
    id: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(500, 'must be at most 500 characters')
      .describe('Page path (`/dora`), action run id, task id, or `<runbook>#<step>`'),
  })
  .strict();
export type Subject = z.infer<typeof SubjectSchema>;

/** `POST /api/v1/feedback/ratings` body. */
export const CreateRatingSchema = z
  .object({
    subject: SubjectSchema,
    rating: z.enum(['up', 'down']),
    comment: CommentSchema.optional(),
  })
  .strict();
export type CreateRating = z.infer<typeof CreateRatingSchema>;

/** Who gave feedback; null fields when answers are anonymous to the reader. */
const AuthorFields = {
  author: z.string().nullable().describe('Name of the person; null when anonymous to the reader'),
  teams: z.array(z.string()).nullable().describe('Their teams at the time; null when anonymous'),
};

export const RatingSchema = z.object({
  id: z.string(),
  subject: SubjectSchema,
  rating: z.enum(['up', 'down']),
  comment: z.string().nullable(),
  ...AuthorFields,
  createdAt: z.iso.datetime(),
});
export type Rating = z.infer<typeof RatingSchema>;

/** `POST /api/v1/feedback/survey/answers` body. */
export const SurveyAnswerInputSchema = z
  .object({
    score: z.number().int().min(0).max(10).describe('How likely to recommend the platform, 0–10'),
    comment: CommentSchema.optional(),
    csat: z
      .record(z.string(), z.number().int().min(1).max(5))
      .default({})
      .describe('Capability → satisfaction 1–5; only the capabilities in `feedback.capabilities`'),
  })
  .strict();
export type SurveyAnswerInput = z.infer<typeof SurveyAnswerInputSchema>;

export const SurveyAnswerSchema = z.object({
  id: z.string(),
  score: z.number().int(),
  comment: z.string().nullable(),
  csat: z.record(z.string(), z.number().int()),
  ...AuthorFields,
  answeredAt: z.iso.datetime(),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswerSchema>;

/** `GET /api/v1/feedback/survey`: whether to show the survey to the caller now. */
export const SurveyPromptSchema = z.object({
  due: z.boolean().describe('Show the survey now'),
  nextAt: z.iso.datetime().nullable().describe('When it is due again, if not now'),
  periodDays: z.number().int(),
  snoozeDays: z.number().int(),
  capabilities: z.array(z.string()).describe('Capabilities to ask a CSAT for'),
  question: z.string(),
});
export type SurveyPrompt = z.infer<typeof SurveyPromptSchema>;

const WindowQueryFields = {
  from: TimeSchema.optional().describe('Window start (inclusive); default one survey period × 4 before `to`'),
  to: TimeSchema.optional().describe('Window end (exclusive); default now'),
};

/** `GET /api/v1/feedback/nps` query. */
export const NpsQuerySchema = z.object(WindowQueryFields).strict();
export type NpsQuery = z.infer<typeof NpsQuerySchema>;

export const NpsScoreSchema = z.object({
  responses: z.number().int(),
  promoters: z.number().int().describe('Scores 9–10'),
  passives: z.number().int().describe('Scores 7–8'),
  detractors: z.number().int().describe('Scores 0–6'),
  nps: z.number().nullable().describe('% promoters − % detractors, −100..100; null without answers'),
});
export type NpsScore = z.infer<typeof NpsScoreSchema>;

export const NpsReportSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  overall: NpsScoreSchema,
  byTeam: z
    .array(NpsScoreSchema.extend({ team: z.string() }))
    .describe('An answer counts for each of its teams'),
  trend: z
    .array(NpsScoreSchema.extend({ start: z.iso.datetime(), end: z.iso.datetime() }))
    .describe('One entry per survey period, oldest first, the last ending at `to`'),
  csat: z.array(
    z.object({
      capability: z.string(),
      responses: z.number().int(),
      averageScore: z.number().nullable().describe('Mean of 1–5'),
      satisfiedPercent: z.number().nullable().describe('Share of 4 and 5 (the usual CSAT), 0–100'),
    }),
  ),
  ratings: z.object({ up: z.number().int(), down: z.number().int() }).describe('Thumbs in the window'),
});
export type NpsReport = z.infer<typeof NpsReportSchema>;

/** `GET /api/v1/feedback/comments` and the CSV export. */
export const FeedbackListQuerySchema = z
  .object({
    ...WindowQueryFields,
    subjectKind: SubjectKindSchema.optional(),
    subjectId: z.string().trim().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict();
export type FeedbackListQuery = z.infer<typeof FeedbackListQuerySchema>;

/** One piece of feedback with where it was given: a rating's subject, or `survey`. */
export const FeedbackItemSchema = z.object({
  kind: z.enum(['rating', 'survey']),
  id: z.string(),
  at: z.iso.datetime(),
  where: z.string().describe('`survey`, or the subject as `<kind>:<id>`'),
  subject: SubjectSchema.nullable(),
  rating: z.enum(['up', 'down']).nullable(),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  ...AuthorFields,
});
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

export const FeedbackListSchema = z.object({
  anonymous: z.boolean().describe('Authors are hidden from this reader'),
  items: z.array(FeedbackItemSchema),
});
export type FeedbackList = z.infer<typeof FeedbackListSchema>;

export const SnoozeSchema = z
  .object({ days: z.number().int().min(1).max(365).optional().describe('Default `feedback.snoozeDays`') })
  .strict();
