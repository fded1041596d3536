import type { Clock } from '../../kernel/clock.ts';
import { ConflictError, InputError, NotAllowedError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Role } from '../../kernel/roles.ts';
import type { Principal } from '../auth/index.ts';
import type {
  CreateRating,
  FeedbackItem,
  FeedbackList,
  FeedbackListQuery,
  NpsQuery,
  NpsReport,
  Rating,
  SurveyAnswer,
  SurveyAnswerInput,
  SurveyPrompt,
} from './contract.ts';
import type { FeedbackStore, RatingRow, SurveyAnswerRow } from './feedback.store.ts';
import { computeNpsReport, surveyDue } from './nps.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Most rows one report reads; a platform sees far fewer answers per year. */
const MAX_ROWS = 100_000;
export const SURVEY_QUESTION = 'How likely are you to recommend the platform to a colleague?';

/** The person behind a request, as feedback records them. */
export interface Respondent {
  /** null for a service account: it may rate, never answer the survey. */
  userId: string | null;
  name: string;
  teams: string[];
  role: Role;
}

export interface FeedbackSettings {
  surveyPeriodDays: number;
  snoozeDays: number;
  /** Authors are shown only to admins. */
  anonymous: boolean;
  capabilities: readonly string[];
}

export interface FeedbackServiceDeps {
  store: FeedbackStore;
  respondent: (principal: Principal) => Promise<Respondent>;
  settings: FeedbackSettings;
  clock: Clock;
}

/** Roles that may read what developers said (the platform team's feedback page). */
const READERS: readonly Role[] = ['admin', 'platform'];

/** Thumbs on pages, runs, tasks and runbook steps; the periodic NPS survey; the platform team's view. */
export function createFeedbackService({ store, respondent, settings, clock }: FeedbackServiceDeps) {
  const periodMs = settings.surveyPeriodDays * DAY_MS;

  async function person(principal: Principal): Promise<Respondent & { userId: string }> {
    const who = await respondent(principal);
    if (who.userId === null) {
      throw new NotAllowedError(`${who.name} is a service account; the survey is answered by people`);
    }
    return { ...who, userId: who.userId };
  }

  /** Throws unless the reader may see feedback; tells whether authors are hidden from them. */
  async function reader(principal: Principal): Promise<{ anonymous: boolean }> {
    const who = await respondent(principal);
    if (!READERS.includes(who.role)) {
      throw new NotAllowedError(
        `${who.name} has the ${who.role} role; feedback is read by the platform and admin roles`,
      );
    }
    return { anonymous: settings.anonymous && who.role !== 'admin' };
  }

  function window(query: { from?: string | undefined; to?: string | undefined }) {
    const toMs = query.to ? Date.parse(query.to) : clock.now().getTime();
    const fromMs = query.from ? Date.parse(query.from) : toMs - 4 * periodMs;
    if (fromMs >= toMs) {
      throw new InputError(
        `query.from: ${new Date(fromMs).toISOString()} is not before to ${new Date(toMs).toISOString()}`,
        'query.from',
      );
    }
    return { fromMs, toMs, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
  }

  async function prompt(userId: string): Promise<SurveyPrompt> {
    const [lastAnswerAt, row] = await Promise.all([store.lastAnswerAt(userId), store.findPrompt(userId)]);
    const parse = (value: string | null | undefined) => (value ? Date.parse(value) : null);
    const { due, nextAtMs } = surveyDue(
      {
        lastAnsweredAtMs: parse(lastAnswerAt),
        dismissedAtMs: parse(row?.dismissed_at),
        snoozedUntilMs: parse(row?.snoozed_until),
      },
      clock.now().getTime(),
      settings.surveyPeriodDays,
    );
    return {
      due,
      nextAt: nextAtMs === null ? null : new Date(nextAtMs).toISOString(),
      periodDays: settings.surveyPeriodDays,
      snoozeDays: settings.snoozeDays,
      capabilities: [...settings.capabilities],
      question: SURVEY_QUESTION,
    };
  }

  return {
    async rate(principal: Principal, input: CreateRating): Promise<Rating> {
      const who = await respondent(principal);
      const row: RatingRow = {
        id: newId(),
        subject_kind: input.subject.kind,
        subject_id: input.subject.id,
        rating: input.rating,
        comment: input.comment ? input.comment : null,
        user_id: who.userId,
        author: who.name,
        teams: JSON.stringify(who.teams),
        created_at: clock.now().toISOString(),
      };
      await store.insertRating(row);
      // The author sees their own rating back, named.
      return presentRating(row, false);
    },

    async prompt(principal: Principal): Promise<SurveyPrompt> {
      return prompt((await person(principal)).userId);
    },

    async answer(principal: Principal, input: SurveyAnswerInput): Promise<SurveyAnswer> {
      const who = await person(principal);
      const unknown = Object.keys(input.csat).find((c) => !settings.capabilities.includes(c));
      if (unknown !== undefined) {
        throw new InputError(
          `body.csat.${unknown}: not a capability the survey asks about (${settings.capabilities.join(', ')})`,
          `body.csat.${unknown}`,
        );
      }
      const now = clock.now();
      const last = await store.lastAnswerAt(who.userId);
      if (last !== null && Date.parse(last) + periodMs > now.getTime()) {
        throw new ConflictError(
          `${who.name} answered the survey at ${last}; the next one opens at ${new Date(Date.parse(last) + periodMs).toISOString()}`,
        );
      }
      const row: SurveyAnswerRow = {
        id: newId(),
        user_id: who.userId,
        author: who.name,
        teams: JSON.stringify(who.teams),
        score: input.score,
        comment: input.comment ? input.comment : null,
        csat: JSON.stringify(input.csat),
        answered_at: now.toISOString(),
      };
      await store.insertAnswer(row);
      return presentAnswer(row, false);
    },

    /** Closes the survey for this period without answering. */
    async dismiss(principal: Principal): Promise<SurveyPrompt> {
      const { userId } = await person(principal);
      await store.upsertPrompt(userId, { dismissed_at: clock.now().toISOString() });
      return prompt(userId);
    },

    /** Asks again after `days` (default `snoozeDays`). */
    async snooze(principal: Principal, days: number | undefined): Promise<SurveyPrompt> {
      const { userId } = await person(principal);
      const untilMs = clock.now().getTime() + (days ?? settings.snoozeDays) * DAY_MS;
      await store.upsertPrompt(userId, { snoozed_until: new Date(untilMs).toISOString() });
      return prompt(userId);
    },

    async nps(principal: Principal, query: NpsQuery): Promise<NpsReport> {
      await reader(principal);
      const { fromMs, toMs, from, to } = window(query);
      const [answers, ratings] = await Promise.all([
        store.listAnswers(from, to, MAX_ROWS),
        store.listRatings({ from, to }, MAX_ROWS),
      ]);
      return {
        from,
        to,
        ...computeNpsReport({
          answers: answers.map((row) => ({
            score: row.score,
            teams: parseStrings(row.teams),
            csat: parseCsat(row.csat),
            atMs: Date.parse(row.answered_at),
          })),
          ratings: ratings.map((row) => ({ rating: ratingOf(row), atMs: Date.parse(row.created_at) })),
          capabilities: settings.capabilities,
          fromMs,
          toMs,
          periodDays: settings.surveyPeriodDays,
        }),
      };
    },

    /** Ratings and survey answers, newest first, with who (unless anonymous) and where. */
    async list(principal: Principal, query: FeedbackListQuery): Promise<FeedbackList> {
      const { anonymous } = await reader(principal);
      const { from, to } = window(query);
      const onlyRatings = query.subjectKind !== undefined || query.subjectId !== undefined;
      const [ratings, answers] = await Promise.all([
        store.listRatings(
          { from, to, subjectKind: query.subjectKind, subjectId: query.subjectId },
          query.limit,
        ),
        onlyRatings ? Promise.resolve([]) : store.listAnswers(from, to, query.limit),
      ]);
      const items: FeedbackItem[] = [
        ...ratings.map((row) => itemOfRating(presentRating(row, anonymous))),
        ...answers.map((row) => itemOfAnswer(presentAnswer(row, anonymous))),
      ];
      items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
      return { anonymous, items: items.slice(0, query.limit) };
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;

function presentRating(row: RatingRow, anonymous: boolean): Rating {
  return {
    id: row.id,
    // Written by `rate` from the validated SubjectKindSchema.
    subject: { kind: row.subject_kind as Rating['subject']['kind'], id: row.subject_id },
    rating: ratingOf(row),
    comment: row.comment,
    author: anonymous ? null : row.author,
    teams: anonymous ? null : parseStrings(row.teams),
    createdAt: row.created_at,
  };
}

function presentAnswer(row: SurveyAnswerRow, anonymous: boolean): SurveyAnswer {
  return {
    id: row.id,
    score: row.score,
    comment: row.comment,
    csat: parseCsat(row.csat),
    author: anonymous ? null : row.author,
    teams: anonymous ? null : parseStrings(row.teams),
    answeredAt: row.answered_at,
  };
}

function itemOfRating(rating: Rating): FeedbackItem {
  return {
    kind: 'rating',
    id: rating.id,
    at: rating.createdAt,
    where: `${rating.subject.kind}:${rating.subject.id}`,
    subject: rating.subject,
    rating: rating.rating,
    score: null,
    comment: rating.comment,
    author: rating.author,
    teams: rating.teams,
  };
}

function itemOfAnswer(answer: SurveyAnswer): FeedbackItem {
  return {
    kind: 'survey',
    id: answer.id,
    at: answer.answeredAt,
    where: 'survey',
    subject: null,
    rating: null,
    score: answer.score,
    comment: answer.comment,
    author: answer.author,
    teams: answer.teams,
  };
}

const ratingOf = (row: RatingRow): 'up' | 'down' => (row.rating === 'down' ? 'down' : 'up');
// Both written by this service with JSON.stringify of the validated input.
const parseStrings = (text: string) => JSON.parse(text) as string[];
const parseCsat = (text: string) => JSON.parse(text) as Record<string, number>;
