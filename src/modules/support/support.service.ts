import type { Clock } from '../../kernel/clock.ts';
import { InputError, NotFoundError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { Resolution, Suggestion, SupportListQuery, SupportRequest } from './contract.ts';
import { type AnswerSource, gatherAnswers, matchAnswers } from './matcher.ts';
import type { SupportRequestRow, SupportStore } from './support.store.ts';
import { classifyTopic } from './topic.ts';

const DEFAULT_WINDOW_MS = 30 * 24 * 3600 * 1000;
/** Suggestions a chat answer carries: enough to help, few enough to read. */
const MAX_SUGGESTIONS = 3;
/** Most requests one insights answer reads. */
const MAX_ROWS = 100_000;

export interface SupportServiceDeps {
  store: SupportStore;
  /** Where answers come from (catalog docs and runbook links, runbooks, actions). */
  sources: readonly AnswerSource[];
  topics: Readonly<Record<string, readonly string[]>>;
  clock: Clock;
  logger: Logger;
}

export interface Ask {
  source: SupportRequest['source'];
  asker: string;
  channel: string | null;
  text: string;
}

/** Support requests: recorded with asker and topic, answered with what matches, closed by the asker. */
export function createSupportService({ store, sources, topics, clock, logger }: SupportServiceDeps) {
  return {
    async ask(input: Ask): Promise<SupportRequest> {
      const answers = await gatherAnswers(sources, (error) =>
        logger.warn({ err: error }, 'a support answer source failed; answering from the others'),
      );
      const suggestions: Suggestion[] = matchAnswers(input.text, answers, MAX_SUGGESTIONS);
      const row: SupportRequestRow = {
        // Short: people type it back in `/platform-help resolved <id>`.
        id: newId(6),
        source: input.source,
        asker: input.asker,
        channel: input.channel,
        text: input.text,
        topic: classifyTopic(input.text, topics),
        suggestions: JSON.stringify(suggestions),
        created_at: clock.now().toISOString(),
        resolved_at: null,
        resolved_by: null,
        resolution: null,
      };
      await store.insert(row);
      return present(row);
    },

    /** Closes a request; the latest word counts (an escalated request may still be solved alone later). */
    async resolve(id: string, resolution: Resolution, by: string): Promise<SupportRequest> {
      const row = await store.find(id);
      if (!row) throw new NotFoundError(`support request ${id} not found`);
      const fields = { resolved_at: clock.now().toISOString(), resolved_by: by, resolution };
      await store.resolve(id, fields);
      return present({ ...row, ...fields });
    },

    /** Every request created in [from, to), as insights count them. */
    async requestsBetween(from: string, to: string) {
      return (await store.list({ from, to }, MAX_ROWS)).map((row) => ({
        topic: row.topic,
        atMs: Date.parse(row.created_at),
        resolution: row.resolution as Resolution | null, // written by `resolve` from ResolutionSchema
      }));
    },

    async list(query: SupportListQuery): Promise<SupportRequest[]> {
      const { from, to } = windowOf(query, clock);
      return (await store.list({ from, to, topic: query.topic }, query.limit)).map(present);
    },
  };
}

export type SupportService = ReturnType<typeof createSupportService>;

export function windowOf(query: { from?: string | undefined; to?: string | undefined }, clock: Clock) {
  const toMs = query.to ? Date.parse(query.to) : clock.now().getTime();
  const fromMs = query.from ? Date.parse(query.from) : toMs - DEFAULT_WINDOW_MS;
  if (fromMs >= toMs) {
    throw new InputError(
      `query.from: ${new Date(fromMs).toISOString()} is not before to ${new Date(toMs).toISOString()}`,
      'query.from',
    );
  }
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}

function present(row: SupportRequestRow): SupportRequest {
  return {
    id: row.id,
    // Written by this service from the route that received it.
    source: row.source as SupportRequest['source'],
    asker: row.asker,
    channel: row.channel,
    text: row.text,
    topic: row.topic,
    suggestions: JSON.parse(row.suggestions) as Suggestion[], // JSON.stringify of matchAnswers' result
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    resolution: row.resolution as Resolution | null, // written by `resolve` from ResolutionSchema
  };
}
