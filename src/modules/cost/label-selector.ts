import { kubeLabelName } from './prices.ts';

/** One requirement of a Kubernetes label selector, on kube-state-metrics' label names. */
type Requirement =
  | { op: 'in'; key: string; values: readonly string[] }
  | { op: 'notin'; key: string; values: readonly string[] }
  | { op: 'exists'; key: string }
  | { op: 'absent'; key: string };

/** Splits on commas outside parentheses: `app=a,tier in (web,api)` → two requirements. */
function requirements(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out.filter((r) => r !== '');
}

const SET = /^([A-Za-z0-9_./-]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQUALITY = /^([A-Za-z0-9_./-]+)\s*(==|=|!=)\s*([A-Za-z0-9_.-]*)$/;
const EXISTS = /^(!?)([A-Za-z0-9_./-]+)$/;

/**
 * A matcher for a Kubernetes label selector as the catalog writes it in
 * `backstage.io/kubernetes-label-selector` (`app=checkout,tier in (web,api),!canary`), over a
 * pod's labels as kube-state-metrics names them (`label_app`). Null when the text is not a
 * selector, so a malformed annotation claims no pods rather than all of them.
 */
export function parseLabelSelector(text: string): ((podLabels: Record<string, string>) => boolean) | null {
  const parsed: Requirement[] = [];
  for (const part of requirements(text)) {
    const set = SET.exec(part);
    const equality = EQUALITY.exec(part);
    const exists = EXISTS.exec(part);
    if (set?.[1] && set[2]) {
      const values = (set[3] ?? '').split(',').map((v) => v.trim());
      parsed.push({ op: set[2] === 'in' ? 'in' : 'notin', key: kubeLabelName(set[1]), values });
    } else if (equality?.[1] && equality[2]) {
      const key = kubeLabelName(equality[1]);
      const values = [equality[3] ?? ''];
      parsed.push(equality[2] === '!=' ? { op: 'notin', key, values } : { op: 'in', key, values });
    } else if (exists?.[2]) {
      parsed.push({ op: exists[1] ? 'absent' : 'exists', key: kubeLabelName(exists[2]) });
    } else return null;
  }
  if (parsed.length === 0) return null;
  return (labels) => parsed.every((r) => holds(r, labels[r.key]));
}

/** Whether a requirement holds for a label's value (undefined: kube-state-metrics has no such label). */
function holds(r: Requirement, value: string | undefined): boolean {
  if (r.op === 'in') return value !== undefined && r.values.includes(value);
  if (r.op === 'notin') return value === undefined || !r.values.includes(value);
  return r.op === 'exists' ? value !== undefined : value === undefined;
}
