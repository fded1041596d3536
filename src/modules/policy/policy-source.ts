/**
 * Policies and scorecards from a config source (a folder, a file, or a git checkout), checked the
 * way the admission webhook will use them, with every problem at file:line: YAML that does not
 * parse, a document the policy model refuses, a CEL expression that does not compile. Nothing is
 * applied here; the config reconciler applies the result only when it has no problem.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import { lineAtPath } from '../../kernel/yaml-lines.ts';
import { compileExpression } from './cel-engine.ts';
import { listYamlFiles } from './policy-files.ts';
import { isPolicyDocument, mergePolicySets, type PolicySet, readPolicySet } from './policy-model.ts';
import { readScorecards, type Scorecard } from './scorecard-model.ts';

export interface PolicySourceProblem {
  file: string;
  line: number;
  message: string;
}

export interface PolicySource {
  policySet: PolicySet;
  scorecards: Scorecard[];
  /** Policy name → the file and line of its document, to link it to its source. */
  origins: Map<string, { file: string; line: number }>;
  problems: PolicySourceProblem[];
}

type Path = Array<string | number>;

/** Every CEL expression of a policy document with where it sits, so a bad one is shown at its line. */
function expressionsOf(doc: Record<string, unknown>): Array<{ path: Path; text: string }> {
  const spec = (doc.spec ?? {}) as Record<string, unknown>;
  const found: Array<{ path: Path; text: string }> = [];
  for (const key of ['validations', 'matchConditions', 'variables', 'auditAnnotations']) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      const entry = (item ?? {}) as Record<string, unknown>;
      for (const field of ['expression', 'messageExpression', 'valueExpression']) {
        const text = entry[field];
        if (typeof text === 'string') found.push({ path: ['spec', key, index, field], text });
      }
    });
  }
  return found;
}

/** One file: its policy and scorecard documents, or the problems that refuse it. */
function readPolicyFile(file: string): PolicySource {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false });
  const sets: PolicySet[] = [];
  const scorecards: Scorecard[] = [];
  const origins: PolicySource['origins'] = new Map();
  const problems: PolicySourceProblem[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const at = (path: Path) => lineAtPath(document, lineCounter, path) ?? 1;
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        problems.push({
          file,
          line: lineCounter.linePos(error.pos[0]).line,
          message: `invalid YAML: ${error.message.split('\n')[0]}`,
        });
      }
      continue;
    }
    const value: unknown = document.toJS();
    if (value === null || typeof value !== 'object') continue;
    try {
      const set = readPolicySet([value], file);
      for (const policy of set.policies) origins.set(policy.name, { file, line: at([]) });
      sets.push(set);
      scorecards.push(...readScorecards([value], file));
    } catch (error) {
      // The model names the file and the field; the line is the document's.
      problems.push({ file, line: at([]), message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (!isPolicyDocument(value)) continue;
    // isPolicyDocument accepted it as an object with apiVersion and kind.
    for (const expression of expressionsOf(value as Record<string, unknown>)) {
      try {
        compileExpression(expression.text);
      } catch (error) {
        problems.push({
          file,
          line: at(expression.path),
          message: `${expression.path.join('.')}: CEL does not compile: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  }
  return { policySet: mergePolicySets(sets), scorecards, origins, problems };
}

/** Every policy, binding, exception and scorecard under `path`, with the problems of each file. */
export function readPolicySource(path: string): PolicySource {
  const files = listYamlFiles(path);
  const read = files.map(readPolicyFile);
  return {
    policySet: mergePolicySets(read.map((r) => r.policySet)),
    scorecards: read.flatMap((r) => r.scorecards),
    origins: new Map(read.flatMap((r) => [...r.origins])),
    problems: read.flatMap((r) => r.problems),
  };
}
