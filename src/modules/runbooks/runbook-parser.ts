import type { Code, Heading, ListItem, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { toString as textOf } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  ActionRefSchema,
  CheckSchema,
  FrontMatterSchema,
  type Runbook,
  type RunbookProblem,
  type Step,
} from './contract.ts';

/** Code-fence languages that make a step a check or an action. */
export const CHECK_FENCE = 'cairn-check';
export const ACTION_FENCE = 'cairn-action';
const COMMAND_FENCES = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
/** `yes → [Roll back](#roll-back)`: the branch word, then an arrow. */
const BRANCH_START = /^\s*(yes|no|next)\s*(→|->)/i;

/** The anchor GitHub gives a heading, so `[..](#anchor)` works on GitHub and in Cairn alike. */
export function slugOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/**
 * Parses one runbook file: YAML front matter, then one step per second-level heading. Problems
 * (bad front matter, a check or action block that does not parse) carry the file's line.
 */
export function parseRunbook(
  file: string,
  source: string,
): { runbook: Runbook | null; problems: RunbookProblem[] } {
  const problems: RunbookProblem[] = [];
  const report = (line: number, message: string) => problems.push({ file, line, message });
  const tree: Root = fromMarkdown(source, {
    extensions: [frontmatter(['yaml'])],
    mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
  });
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  if (!yamlNode) {
    report(1, 'front matter missing: start the file with --- id, title, owner, applies-to ---');
    return { runbook: null, problems };
  }
  // The YAML starts on the line after the opening ---.
  const meta = parseYaml(yamlNode.value, lineOf(yamlNode) + 1, FrontMatterSchema, report);
  const steps: Step[] = [];
  let current: { heading: Heading; body: RootContent[] } | null = null;
  const flush = () => {
    if (current) steps.push(buildStep(current.heading, current.body, source, report));
  };
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth <= 2) {
      flush();
      current = node.depth === 2 ? { heading: node, body: [] } : null;
    } else if (current) current.body.push(node);
  }
  flush();
  const seen = new Map<string, number>();
  for (const step of steps) {
    const first = seen.get(step.id);
    if (first !== undefined) report(step.line, `step "${step.title}" repeats the heading of line ${first}`);
    else seen.set(step.id, step.line);
  }
  if (steps.length === 0) report(lineOf(yamlNode), 'no steps: each step is a "## " heading');
  if (!meta) return { runbook: null, problems };
  const applies = meta['applies-to'];
  return {
    runbook: { id: meta.id, title: meta.title, owner: meta.owner, appliesTo: applies, file, steps },
    problems,
  };
}

function buildStep(
  heading: Heading,
  body: RootContent[],
  source: string,
  report: (line: number, message: string) => void,
): Step {
  const title = textOf(heading).trim();
  const step: Step = {
    id: slugOf(title),
    title,
    line: lineOf(heading),
    text: '',
    check: null,
    action: null,
    commands: [],
    links: [],
    escalateTo: null,
    branches: [],
  };
  const prose: string[] = [];
  for (const node of body) {
    if (node.type === 'code' && (node.lang === CHECK_FENCE || node.lang === ACTION_FENCE)) {
      readBlock(step, node, report);
      continue;
    }
    if (node.type === 'code' && node.lang && COMMAND_FENCES.has(node.lang)) step.commands.push(node.value);
    if (node.type === 'list') {
      const rest = node.children.filter((item) => !readBranch(step, item, report));
      if (rest.length === 0) continue;
    }
    if (node.type === 'paragraph' && readEscalation(step, node)) continue;
    collectLinks(step, node);
    prose.push(sourceOf(node, source));
  }
  step.text = prose.join('\n\n').trim();
  return step;
}

function readBlock(step: Step, node: Code, report: (line: number, message: string) => void): void {
  const line = lineOf(node) + 1;
  if (node.lang === CHECK_FENCE) {
    if (step.check) report(lineOf(node), `step "${step.title}" has a second check; one per step`);
    const check = parseYaml(node.value, line, CheckSchema, report);
    if (check) step.check = { ...check, line: lineOf(node) };
  } else {
    if (step.action) report(lineOf(node), `step "${step.title}" has a second action; one per step`);
    const action = parseYaml(node.value, line, ActionRefSchema, report);
    if (action) step.action = { ...action, line: lineOf(node) };
  }
}

/** A list item `yes → [title](#anchor)` becomes a branch; true when the item was one. */
function readBranch(step: Step, item: ListItem, report: (line: number, message: string) => void): boolean {
  const match = BRANCH_START.exec(textOf(item));
  if (!match?.[1]) return false;
  const when = match[1].toLowerCase() as 'yes' | 'no' | 'next'; // the regex admits these three only
  const link = findLink(item);
  if (!link?.url.startsWith('#')) {
    report(lineOf(item), `branch "${when}" needs a link to a step, e.g. ${when} → [Roll back](#roll-back)`);
    return true;
  }
  step.branches.push({ when, to: decodeURIComponent(link.url.slice(1)), line: lineOf(item) });
  return true;
}

function readEscalation(step: Step, node: Paragraph): boolean {
  const text = textOf(node).trim();
  const match = /^escalate to:?\s*(.+)$/is.exec(text);
  if (!match?.[1]) return false;
  step.escalateTo = match[1].trim();
  return true;
}

function collectLinks(step: Step, node: Nodes): void {
  if (node.type === 'link' && !node.url.startsWith('#'))
    step.links.push({ title: textOf(node), url: node.url });
  if ('children' in node) for (const child of node.children) collectLinks(step, child);
}

function findLink(node: Nodes): { url: string } | null {
  if (node.type === 'link') return node;
  if ('children' in node)
    for (const child of node.children) {
      const found = findLink(child);
      if (found) return found;
    }
  return null;
}

/** Parses YAML and a schema; problems name the line in the runbook file. */
function parseYaml<S extends z.ZodType>(
  text: string,
  firstLine: number,
  schema: S,
  report: (line: number, message: string) => void,
): z.output<S> | null {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    report(firstLine + counter.linePos(error.pos[0]).line - 1, `YAML: ${error.message.split('\n')[0]}`);
    return null;
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const node = doc.getIn(issue.path.slice(0, 1) as Array<string | number>, true) as
      | { range?: [number] }
      | undefined;
    const offset = node?.range?.[0];
    const line = offset === undefined ? firstLine : firstLine + counter.linePos(offset).line - 1;
    report(line, `${issue.path.join('.') || 'block'}: ${issue.message}`);
  }
  return null;
}

function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1;
}

function sourceOf(node: Nodes, source: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? textOf(node) : source.slice(start, end);
}
