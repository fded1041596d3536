import type { Suggestion } from './contract.ts';
import { normalize } from './topic.ts';

/** Something Cairn can point to, with the words it is found by. */
export interface Answerable extends Suggestion {
  /** Title, description, service and team names: what a question is matched against. */
  searchText: string;
}

/**
 * Where answers come from: each source lists what it offers now (the catalog's docs and runbook
 * links; runbooks and actions once those modules provide a source). Injected, so a module that
 * lands later adds a source without touching the matcher.
 */
export type AnswerSource = () => Promise<readonly Answerable[]>;

/** Words too common to tell one answer from another. */
const STOP_WORDS = new Set(
  'a an and are as at be but by can do does for from have how i in is it me my of on or our the to we what when where which who why with you your please help need not get there this that'.split(
    ' ',
  ),
);

/** The distinct meaningful words of a text. */
export function termsOf(text: string): Set<string> {
  return new Set(
    normalize(text)
      .split(' ')
      .filter((word) => word.length > 1 && !STOP_WORDS.has(word)),
  );
}

/**
 * The answers that share the most words with the question, best first: score = shared distinct
 * words, a word in the title counting double; ties keep the sources' order. At most `limit`.
 */
export function matchAnswers(question: string, answers: readonly Answerable[], limit: number): Suggestion[] {
  const asked = termsOf(question);
  if (asked.size === 0) return [];
  return answers
    .map((answer, index) => {
      const title = termsOf(answer.title);
      const body = termsOf(answer.searchText);
      let score = 0;
      for (const term of asked) {
        if (title.has(term)) score += 2;
        else if (body.has(term)) score += 1;
      }
      return { answer, score, index };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map(({ answer }) => ({ kind: answer.kind, title: answer.title, url: answer.url }));
}

/** Every source's answers; a source that fails is skipped, so one broken source never silences help. */
export async function gatherAnswers(
  sources: readonly AnswerSource[],
  onError: (error: unknown) => void,
): Promise<Answerable[]> {
  const lists = await Promise.all(
    sources.map((source) =>
      source().catch((error: unknown) => {
        onError(error);
        return [];
      }),
    ),
  );
  return lists.flat();
}
