import type { DocsSearchHit } from './contract.ts';

/** A searchable document: a docs page or a runbook, with the hit it becomes. */
export interface SearchDocument {
  hit: Omit<DocsSearchHit, 'snippet'>;
  text: string;
}

/** Characters of context either side of the first match. */
const SNIPPET_CONTEXT = 80;

/**
 * Finds the documents holding every word of `query` (case-insensitive, in the title or text),
 * ranked by matches in the title first, then by how often the words occur; ties by title. Plain
 * word matching over a few hundred pages answers in milliseconds, so no index is kept.
 */
export function searchDocuments(documents: SearchDocument[], query: string, limit: number): DocsSearchHit[] {
  const terms = [...new Set(query.toLowerCase().split(/\s+/).filter(Boolean))];
  if (terms.length === 0) return [];
  const scored: Array<{ hit: DocsSearchHit; score: number }> = [];
  for (const document of documents) {
    const title = document.hit.title.toLowerCase();
    const text = document.text.toLowerCase();
    if (!terms.every((term) => title.includes(term) || text.includes(term))) continue;
    const score = terms.reduce(
      (sum, term) => sum + (title.includes(term) ? 100 : 0) + Math.min(occurrences(text, term), 50),
      0,
    );
    scored.push({ hit: { ...document.hit, snippet: snippetOf(document.text, terms) }, score });
  }
  return scored
    .sort(
      (a, b) =>
        b.score - a.score || a.hit.title.localeCompare(b.hit.title) || a.hit.link.localeCompare(b.hit.link),
    )
    .slice(0, limit)
    .map((entry) => entry.hit);
}

/** The text around the earliest match, whitespace collapsed, cut between words and marked with …. */
export function snippetOf(text: string, terms: string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  const positions = terms.map((term) => lower.indexOf(term)).filter((at) => at >= 0);
  const at = positions.length > 0 ? Math.min(...positions) : 0;
  let start = Math.max(0, at - SNIPPET_CONTEXT);
  let end = Math.min(flat.length, at + SNIPPET_CONTEXT);
  // Cut between words, never inside one.
  const spaceAfterStart = flat.indexOf(' ', start);
  if (start > 0 && spaceAfterStart !== -1 && spaceAfterStart < at) start = spaceAfterStart + 1;
  const spaceBeforeEnd = flat.lastIndexOf(' ', end);
  if (end < flat.length && spaceBeforeEnd > at) end = spaceBeforeEnd;
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}

function occurrences(text: string, term: string): number {
  let count = 0;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) count++;
  return count;
}
