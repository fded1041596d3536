import type { ReactNode } from 'react';

/** A piece of a paragraph: text, `code`, or a [link](url). */
export type InlinePart =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; text: string; url: string };

/**
 * The paragraphs of a step's instructions (its Markdown without Cairn blocks). Fenced blocks are
 * left out: the step's commands are shown on their own, with a copy button's worth of room.
 */
export function proseBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const text = current.join(' ').trim();
    if (text) blocks.push(text);
    current = [];
  };
  for (const line of markdown.split('\n')) {
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = null;
      continue;
    }
    if (opener) {
      flush();
      fence = opener;
    } else if (line.trim() === '') flush();
    else current.push(line.trim());
  }
  flush();
  return blocks;
}

const INLINE = /`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Splits a paragraph into text, inline code and links (the Markdown a runbook step uses). */
export function inlineParts(paragraph: string): InlinePart[] {
  const parts: InlinePart[] = [];
  let last = 0;
  for (const match of paragraph.matchAll(INLINE)) {
    if (match.index > last) parts.push({ kind: 'text', text: paragraph.slice(last, match.index) });
    if (match[1] !== undefined) parts.push({ kind: 'code', text: match[1] });
    else parts.push({ kind: 'link', text: match[2] ?? '', url: match[3] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < paragraph.length) parts.push({ kind: 'text', text: paragraph.slice(last) });
  return parts;
}

/**
 * A step's instructions as paragraphs. Links to another step (`#step-id`) go to that step on this
 * page; web links open in a new tab; anything else (a relative file path) stays text, since it
 * means a file in the configuration repository, not a page of Cairn.
 */
export function StepText({ text, stepAnchor }: { text: string; stepAnchor: (stepId: string) => string }) {
  const blocks = proseBlocks(text);
  if (blocks.length === 0) return null;
  return (
    <>
      {blocks.map((block) => (
        <p key={block}>{inlineParts(block).map((part, i) => renderPart(part, i, stepAnchor))}</p>
      ))}
    </>
  );
}

function renderPart(part: InlinePart, key: number, stepAnchor: (stepId: string) => string): ReactNode {
  switch (part.kind) {
    case 'text':
      return part.text;
    case 'code':
      return <code key={key}>{part.text}</code>;
    case 'link':
      if (part.url.startsWith('#'))
        return (
          <a key={key} href={`#${stepAnchor(decodeURIComponent(part.url.slice(1)))}`}>
            {part.text}
          </a>
        );
      if (/^https?:\/\//i.test(part.url))
        return (
          <a key={key} href={part.url} target="_blank" rel="noreferrer">
            {part.text}
          </a>
        );
      return part.text;
  }
}
