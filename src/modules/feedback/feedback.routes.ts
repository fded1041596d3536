import { UnauthenticatedError } from '../../kernel/errors.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import type { Principal } from '../auth/index.ts';
import {
  CreateRatingSchema,
  FeedbackListQuerySchema,
  FeedbackListSchema,
  NpsQuerySchema,
  NpsReportSchema,
  RatingSchema,
  SnoozeSchema,
  SurveyAnswerInputSchema,
  SurveyAnswerSchema,
  SurveyPromptSchema,
} from './contract.ts';
import type { FeedbackService } from './feedback.service.ts';
import { feedbackCsv } from './feedback-csv.ts';

function required(principal: Principal | null): Principal {
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

/** Thumbs, the survey, and the platform team's view of both. */
export function feedbackRoutes(feedback: FeedbackService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/feedback/ratings',
      summary: 'Thumbs up or down, with an optional comment, on a page, action run, task or runbook step',
      tags: ['feedback'],
      auth: 'read',
      body: CreateRatingSchema,
      response: { status: 201, description: 'The rating', schema: RatingSchema },
      handler: async ({ body, principal, request, reply }) => {
        noteAudit(request, { action: 'feedback.rate', target: `${body.subject.kind}:${body.subject.id}` });
        const rating = await feedback.rate(required(principal), body);
        reply.status(201);
        return rating;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/feedback/survey',
      summary: 'Whether to show the survey to the signed-in person now',
      description: 'At most once per `feedback.surveyPeriodDays`, not while snoozed. People only.',
      tags: ['feedback'],
      auth: 'read',
      response: { status: 200, description: 'The survey prompt', schema: SurveyPromptSchema },
      handler: ({ principal }) => feedback.prompt(required(principal)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/feedback/survey/answers',
      summary: 'Answer the survey: NPS 0–10, a comment, optional CSAT per capability',
      description: 'Once per survey period per person; a second answer in the period is refused (409).',
      tags: ['feedback'],
      auth: 'read',
      body: SurveyAnswerInputSchema,
      response: { status: 201, description: 'The answer', schema: SurveyAnswerSchema },
      handler: async ({ body, principal, request, reply }) => {
        // The audit entry records that someone answered, never the score or comment.
        noteAudit(request, { action: 'feedback.survey.answer', target: 'survey' });
        const answer = await feedback.answer(required(principal), body);
        reply.status(201);
        return answer;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/feedback/survey/dismiss',
      summary: 'Close the survey for this period without answering',
      tags: ['feedback'],
      auth: 'read',
      response: { status: 200, description: 'The survey prompt', schema: SurveyPromptSchema },
      handler: ({ principal, request }) => {
        noteAudit(request, { action: 'feedback.survey.dismiss', target: 'survey' });
        return feedback.dismiss(required(principal));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/feedback/survey/snooze',
      summary: 'Ask again later (default `feedback.snoozeDays`)',
      tags: ['feedback'],
      auth: 'read',
      body: SnoozeSchema,
      response: { status: 200, description: 'The survey prompt', schema: SurveyPromptSchema },
      handler: ({ body, principal, request }) => {
        noteAudit(request, { action: 'feedback.survey.snooze', target: 'survey' });
        return feedback.snooze(required(principal), body.days);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/feedback/nps',
      summary: 'NPS overall, per team and per period; CSAT per capability; thumbs counts',
      description: 'Readable by the platform and admin roles.',
      tags: ['feedback'],
      auth: 'read',
      query: NpsQuerySchema,
      response: { status: 200, description: 'The NPS report for [from, to)', schema: NpsReportSchema },
      handler: ({ query, principal }) => feedback.nps(required(principal), query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/feedback/comments',
      summary: 'Ratings and survey answers, newest first, with who and where',
      description:
        'Readable by the platform and admin roles. With `feedback.anonymous`, authors and teams are null for everyone but admins.',
      tags: ['feedback'],
      auth: 'read',
      query: FeedbackListQuerySchema,
      response: { status: 200, description: 'Feedback in [from, to)', schema: FeedbackListSchema },
      handler: ({ query, principal }) => feedback.list(required(principal), query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/feedback/export.csv',
      summary: 'The same feedback as CSV',
      tags: ['feedback'],
      auth: 'read',
      query: FeedbackListQuerySchema,
      response: { status: 200, description: 'CSV, one piece of feedback per line', contentType: 'text/csv' },
      handler: async ({ query, principal, reply }) => {
        const { items } = await feedback.list(required(principal), query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="cairn-feedback.csv"')
          .send(feedbackCsv(items));
      },
    }),
  ];
}
