/**
 * The topic of a request: the configured topic whose keywords appear most often in the text
 * (whole words, case-insensitive; a keyword may be several words), ties to the topic listed
 * first; `other` when none appears.
 */
export function classifyTopic(text: string, topics: Readonly<Record<string, readonly string[]>>): string {
  const words = ` ${normalize(text)} `;
  let best = { topic: 'other', hits: 0 };
  for (const [topic, keywords] of Object.entries(topics)) {
    const hits = keywords.reduce((sum, keyword) => sum + countOf(words, ` ${normalize(keyword)} `), 0);
    if (hits > best.hits) best = { topic, hits };
  }
  return best.topic;
}

/** Lower case, letters and digits only, single spaces; a trailing plural `s` dropped per word. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word))
    .join(' ');
}

function countOf(haystack: string, needle: string): number {
  if (needle.trim() === '') return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length - 1)) {
    count += 1;
  }
  return count;
}
