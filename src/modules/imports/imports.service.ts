import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.ts';
import { InputError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { StateDatabase } from '../../stores/state/index.ts';
import type { Change, ChangeService } from '../changes/index.ts';
import { createFeedbackStore } from '../feedback/index.ts';
import { createIncidentStore } from '../incidents/index.ts';
import { classifyTopic, createSupportStore } from '../support/index.ts';
import type {
  ImportIncidents,
  ImportKind,
  ImportResult,
  ImportSupportRequests,
  ImportSurveyAnswers,
} from './contract.ts';
import { ATTRIBUTION_LOOKBACK_MS, buildImportedIncident } from './imported-incident.ts';
import { createImportsStore } from './imports.store.ts';

/** Most changes one attribution look-up reads (a week of an organisation's changes). */
const MAX_CHANGES = 100_000;

export interface ImportsServiceDeps {
  db: Kysely<StateDatabase>;
  changes: Pick<ChangeService, 'list'>;
  clock: Clock;
  /** The capabilities the survey asks about (feedback.capabilities): CSAT keys must be among them. */
  capabilities: readonly string[];
  /** support.topics: an imported request's topic must be one of them or `other`. */
  topics: Readonly<Record<string, readonly string[]>>;
}

type Trx = Kysely<StateDatabase>;

/**
 * History from another tool, with its own times: past incidents (optionally attributed to the
 * change that caused them), survey answers and support requests. Every item is checked before
 * anything is written, and a call is written in one transaction: it imports whole or not at all.
 * Each item is recorded once per (source, externalId), however often it is imported.
 */
export function createImportsService({ db, changes, clock, capabilities, topics }: ImportsServiceDeps) {
  /** Claims each item's external id and writes the items this call claimed, in one transaction. */
  async function importAll<T extends { externalId: string }>(
    kind: ImportKind,
    source: string,
    items: readonly T[],
    newRecordId: () => string,
    write: (trx: Trx, item: T, id: string, importedAt: string) => Promise<void>,
  ): Promise<ImportResult> {
    const importedAt = clock.now().toISOString();
    const results = await db.transaction().execute(async (trx) => {
      const store = createImportsStore(trx);
      const outcomes: ImportResult['items'] = [];
      for (const item of items) {
        const claim = await store.claim(kind, source, item.externalId, newRecordId(), importedAt);
        if (claim.claimed) await write(trx, item, claim.recordId, importedAt);
        outcomes.push({
          externalId: item.externalId,
          id: claim.recordId,
          outcome: claim.claimed ? 'imported' : 'already',
        });
      }
      return outcomes;
    });
    const imported = results.filter((r) => r.outcome === 'imported').length;
    return { kind, source, imported, already: results.length - imported, items: results };
  }

  /** Throws naming the field unless `at` is not after now. */
  function notFuture(at: string, field: string, nowMs: number): void {
    if (Date.parse(at) > nowMs) {
      throw new InputError(
        `${field}: ${at} is in the future (now ${new Date(nowMs).toISOString()}); only past history is imported`,
        field,
      );
    }
  }

  function notBefore(at: string, field: string, earlier: string, earlierField: string): void {
    if (at < earlier) throw new InputError(`${field}: ${at} is before ${earlierField} ${earlier}`, field);
  }

  /** The change an incident names, which must have taken effect in the week before it opened. */
  async function attributedChange(changeId: string, openedAt: string, field: string): Promise<Change> {
    const openedMs = Date.parse(openedAt);
    const candidates = await changes.list({
      from: new Date(openedMs - ATTRIBUTION_LOOKBACK_MS).toISOString(),
      // Inclusive of a change that took effect the very millisecond the incident opened.
      to: new Date(openedMs + 1).toISOString(),
      limit: MAX_CHANGES,
    });
    const change = candidates.find((c) => c.id === changeId);
    if (!change) {
      throw new InputError(
        `${field}: no change ${changeId} took effect in the 7 days before openedAt ${openedAt}`,
        field,
      );
    }
    return change;
  }

  return {
    async importIncidents({ source, items }: ImportIncidents): Promise<ImportResult> {
      uniqueExternalIds(items);
      const nowMs = clock.now().getTime();
      const attributed = new Map<number, Change>();
      for (const [index, item] of items.entries()) {
        const at = `body.items.${index}`;
        notFuture(item.openedAt, `${at}.openedAt`, nowMs);
        notFuture(item.resolvedAt, `${at}.resolvedAt`, nowMs);
        notBefore(item.resolvedAt, `${at}.resolvedAt`, item.openedAt, 'openedAt');
        if (item.acknowledgedAt) {
          notBefore(item.acknowledgedAt, `${at}.acknowledgedAt`, item.openedAt, 'openedAt');
          notBefore(item.resolvedAt, `${at}.resolvedAt`, item.acknowledgedAt, 'acknowledgedAt');
        }
        if (item.changeId) {
          attributed.set(index, await attributedChange(item.changeId, item.openedAt, `${at}.changeId`));
        }
      }
      const changeOf = new Map(items.map((item, index) => [item, attributed.get(index) ?? null]));
      return importAll('incident', source, items, newId, async (trx, item, id, importedAt) => {
        const store = createIncidentStore(trx);
        const built = buildImportedIncident({
          id,
          item,
          source,
          change: changeOf.get(item) ?? null,
          importedAt,
        });
        await store.insert(built.row);
        for (const entry of built.timeline) await store.appendTimeline(id, entry);
      });
    },

    async importSurveyAnswers({ source, items }: ImportSurveyAnswers): Promise<ImportResult> {
      uniqueExternalIds(items);
      const nowMs = clock.now().getTime();
      for (const [index, item] of items.entries()) {
        notFuture(item.answeredAt, `body.items.${index}.answeredAt`, nowMs);
        const unknown = Object.keys(item.csat).find((c) => !capabilities.includes(c));
        if (unknown !== undefined) {
          throw new InputError(
            `body.items.${index}.csat.${unknown}: not a capability the survey asks about (${capabilities.join(', ')})`,
            `body.items.${index}.csat.${unknown}`,
          );
        }
      }
      return importAll('survey-answer', source, items, newId, async (trx, item, id) => {
        await createFeedbackStore(trx).insertAnswer({
          id,
          user_id: importedUserId(source, item.respondent),
          author: item.respondent,
          teams: JSON.stringify(item.teams),
          score: item.score,
          comment: item.comment ? item.comment : null,
          csat: JSON.stringify(item.csat),
          answered_at: item.answeredAt,
        });
      });
    },

    async importSupportRequests({ source, items }: ImportSupportRequests): Promise<ImportResult> {
      uniqueExternalIds(items);
      const nowMs = clock.now().getTime();
      const known = [...Object.keys(topics), 'other'];
      for (const [index, item] of items.entries()) {
        const at = `body.items.${index}`;
        notFuture(item.askedAt, `${at}.askedAt`, nowMs);
        if ((item.resolvedAt === undefined) !== (item.resolution === undefined)) {
          const missing = item.resolvedAt === undefined ? 'resolvedAt' : 'resolution';
          throw new InputError(
            `${at}.${missing}: required with ${missing === 'resolvedAt' ? 'resolution' : 'resolvedAt'}`,
            `${at}.${missing}`,
          );
        }
        if (item.resolvedAt) {
          notFuture(item.resolvedAt, `${at}.resolvedAt`, nowMs);
          notBefore(item.resolvedAt, `${at}.resolvedAt`, item.askedAt, 'askedAt');
        }
        if (item.topic !== undefined && !known.includes(item.topic)) {
          throw new InputError(
            `${at}.topic: "${item.topic}" is not a configured topic (${known.join(', ')})`,
            `${at}.topic`,
          );
        }
      }
      // Short like the ids chat shows, so `/platform-help resolved <id>` works on them too.
      return importAll(
        'support-request',
        source,
        items,
        () => newId(6),
        async (trx, item, id) => {
          await createSupportStore(trx).insert({
            id,
            source: 'import',
            asker: item.asker,
            channel: item.channel ?? null,
            text: item.text,
            topic: item.topic ?? classifyTopic(item.text, topics),
            // Cairn did not answer it: it was asked elsewhere.
            suggestions: '[]',
            created_at: item.askedAt,
            resolved_at: item.resolvedAt ?? null,
            resolved_by: item.resolvedAt ? (item.resolvedBy ?? item.asker) : null,
            resolution: item.resolution ?? null,
          });
        },
      );
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;

/** Refuses a call that names one external id twice: which of the two would count is unclear. */
function uniqueExternalIds(items: readonly { externalId: string }[]): void {
  const first = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const earlier = first.get(item.externalId);
    if (earlier !== undefined) {
      throw new InputError(
        `body.items.${index}.externalId: "${item.externalId}" is also items.${earlier}`,
        `body.items.${index}.externalId`,
      );
    }
    first.set(item.externalId, index);
  }
}

/**
 * The user id an imported answer is filed under: not a Cairn user's, so it never counts as that
 * person having answered this period; the same for the same respondent of the same source.
 */
function importedUserId(source: string, respondent: string): string {
  return `import:${createHash('sha256').update(`${source}\n${respondent}`).digest('hex').slice(0, 24)}`;
}
