import type { Runbook, RunbookProblem, Step } from './contract.ts';
import { TEMPLATE_VARIABLES, templateVariables } from './input-templates.ts';

/**
 * What `cairn runbook validate` finds beyond parse errors: branches to missing steps, steps no path
 * reaches from the first, cycles, unknown actions and template variables, duplicate ids, checks
 * without the threshold or pattern their query needs. Each problem names file and line.
 */
export function validateRunbooks(
  runbooks: readonly Runbook[],
  knownActions: ReadonlySet<string> | null,
): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  const firstFile = new Map<string, string>();
  for (const runbook of runbooks) {
    const report = (line: number, message: string) => problems.push({ file: runbook.file, line, message });
    const other = firstFile.get(runbook.id);
    if (other) report(1, `runbook id "${runbook.id}" is also used by ${other}`);
    else firstFile.set(runbook.id, runbook.file);
    const byId = new Map(runbook.steps.map((s) => [s.id, s]));
    for (const step of runbook.steps) validateStep(step, byId, knownActions, report);
    reportUnreachable(runbook, byId, report);
    reportCycles(runbook, byId, report);
  }
  return problems;
}

function validateStep(
  step: Step,
  byId: ReadonlyMap<string, Step>,
  knownActions: ReadonlySet<string> | null,
  report: (line: number, message: string) => void,
): void {
  for (const branch of step.branches) {
    if (!byId.has(branch.to))
      report(branch.line, `branch "${branch.when}" goes to #${branch.to}, which is no step here`);
  }
  const whens = step.branches.map((b) => b.when);
  if (step.check) {
    if (!whens.includes('yes') || !whens.includes('no'))
      report(
        step.check.line,
        `check in "${step.title}" needs both branches: yes → [..](#step) and no → [..](#step)`,
      );
    if (
      (step.check.query === 'error-rate' || step.check.query === 'cpu-of-limit') &&
      step.check.abovePercent === undefined
    )
      report(step.check.line, `check ${step.check.query} needs abovePercent`);
    if (step.check.query === 'log-pattern' && step.check.pattern === undefined)
      report(step.check.line, 'check log-pattern needs pattern');
  } else if (whens.includes('yes') || whens.includes('no')) {
    report(step.line, `step "${step.title}" has yes/no branches but no valid cairn-check block`);
  }
  if (step.action) {
    if (knownActions && !knownActions.has(step.action.action))
      report(
        step.action.line,
        `unknown action "${step.action.action}" (known: ${[...knownActions].sort().join(', ') || 'none'})`,
      );
    for (const [input, template] of Object.entries(step.action.inputs)) {
      for (const variable of templateVariables(String(template))) {
        if (!(TEMPLATE_VARIABLES as readonly string[]).includes(variable))
          report(
            step.action.line,
            `input ${input}: unknown variable {{ ${variable} }} (known: ${TEMPLATE_VARIABLES.join(', ')})`,
          );
      }
    }
  }
}

function successors(step: Step, byId: ReadonlyMap<string, Step>): Step[] {
  return step.branches.flatMap((b) => byId.get(b.to) ?? []);
}

function reportUnreachable(
  runbook: Runbook,
  byId: ReadonlyMap<string, Step>,
  report: (line: number, message: string) => void,
): void {
  const start = runbook.steps[0];
  if (!start) return;
  const reached = new Set<string>([start.id]);
  const queue = [start];
  for (let step = queue.shift(); step; step = queue.shift()) {
    for (const next of successors(step, byId)) {
      if (reached.has(next.id)) continue;
      reached.add(next.id);
      queue.push(next);
    }
  }
  for (const step of runbook.steps) {
    if (!reached.has(step.id)) report(step.line, `step "${step.title}" is unreachable from "${start.title}"`);
  }
}

/** Depth-first search; a back edge is a cycle, reported once at the branch that closes it. */
function reportCycles(
  runbook: Runbook,
  byId: ReadonlyMap<string, Step>,
  report: (line: number, message: string) => void,
): void {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (step: Step) => {
    state.set(step.id, 'open');
    trail.push(step.id);
    for (const branch of step.branches) {
      const next = byId.get(branch.to);
      if (!next) continue;
      if (state.get(next.id) === 'open') {
        const loop = [...trail.slice(trail.indexOf(next.id)), next.id];
        report(branch.line, `cycle: ${loop.join(' → ')}`);
      } else if (!state.has(next.id)) visit(next);
    }
    trail.pop();
    state.set(step.id, 'done');
  };
  for (const step of runbook.steps) if (!state.has(step.id)) visit(step);
}
