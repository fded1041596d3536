import { describe, expect, it } from 'vitest';
import { type SearchDocument, searchDocuments, snippetOf } from './docs-search.ts';

function doc(title: string, text: string): SearchDocument {
  return {
    hit: { kind: 'doc', title, service: 'payment', page: `${title}.md`, runbook: null, link: `/d/${title}` },
    text,
  };
}

describe('searching docs and runbooks', () => {
  it('finds documents holding every word, title matches first, then by occurrences', () => {
    const documents = [
      doc('Setup', 'Install the rollback hook. Rollback needs a version.'),
      doc('Rollback', 'How to undo a deploy version.'),
      doc('Overview', 'Payment charges cards; rollback mentioned once, no v-word.'),
    ];
    const hits = searchDocuments(documents, 'ROLLBACK version', 10);
    expect(hits.map((hit) => hit.title)).toEqual(['Rollback', 'Setup']);
    expect(hits[0]?.snippet).toBe('How to undo a deploy version.');
  });

  it('honours the limit and finds nothing for blank words', () => {
    const documents = [doc('A', 'word'), doc('B', 'word'), doc('C', 'word')];
    expect(searchDocuments(documents, 'word', 2).map((hit) => hit.title)).toEqual(['A', 'B']);
    expect(searchDocuments(documents, '   ', 10)).toEqual([]);
  });

  it('cuts the snippet around the first match and marks the cuts', () => {
    const text = `${'a '.repeat(100)}needle${' b'.repeat(100)}`;
    // Up to 80 characters either side of the match (which starts at 200), cut between words.
    expect(snippetOf(text, ['needle'])).toBe(`…${'a '.repeat(39)}needle${' b'.repeat(37)}…`);
  });
});
