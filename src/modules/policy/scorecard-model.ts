/**
 * Scorecards: CEL rules over a catalog service and what Cairn knows of it, grouped in levels.
 * A service reaches a level when every rule of that level and of the levels below passes.
 *
 * ```yaml
 * apiVersion: cairn.dev/v1alpha1
 * kind: Scorecard
 * metadata: { name: production-readiness }
 * spec:
 *   rules:
 *     - { name: owner, level: bronze, expression: facts.ownerSet, message: Set spec.owner }
 * ```
 */
import { InputError } from '../../kernel/errors.ts';
import { compileExpression } from './cel-engine.ts';

export const scorecardLevels = ['bronze', 'silver', 'gold'] as const;
export type ScorecardLevel = (typeof scorecardLevels)[number];

export interface ScorecardRule {
  name: string;
  level: ScorecardLevel;
  expression: string;
  /** How to fix it, shown when the rule fails. */
  message: string;
}

export interface Scorecard {
  name: string;
  rules: ScorecardRule[];
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

export function isScorecardDocument(doc: unknown): boolean {
  const { apiVersion, kind } = asObject(doc);
  return typeof apiVersion === 'string' && apiVersion.startsWith('cairn.dev/') && kind === 'Scorecard';
}

/** Reads the Scorecard documents among `docs`; expressions are parsed now so a typo fails at start. */
export function readScorecards(docs: unknown[], source: string): Scorecard[] {
  return docs.filter(isScorecardDocument).map((raw, index) => {
    const doc = asObject(raw);
    const where = `${source} Scorecard ${index + 1}`;
    const name = asObject(doc.metadata).name;
    if (typeof name !== 'string' || name === '')
      throw new InputError(`${where}: metadata.name is required`, 'metadata.name');
    const rawRules = asObject(doc.spec).rules;
    if (!Array.isArray(rawRules) || rawRules.length === 0) {
      throw new InputError(`${where}: spec.rules must list at least one rule`, 'spec.rules');
    }
    const rules = rawRules.map((item, i): ScorecardRule => {
      const rule = asObject(item);
      const level = String(rule.level ?? '');
      if (!(scorecardLevels as readonly string[]).includes(level)) {
        throw new InputError(
          `${where}: spec.rules[${i}].level '${level}' must be bronze, silver or gold`,
          'spec.rules',
        );
      }
      if (typeof rule.expression !== 'string') {
        throw new InputError(`${where}: spec.rules[${i}].expression must be a string`, 'spec.rules');
      }
      compileExpression(rule.expression);
      return {
        name: String(rule.name ?? `rule-${i + 1}`),
        level: level as ScorecardLevel,
        expression: rule.expression,
        message: String(rule.message ?? rule.name ?? rule.expression),
      };
    });
    return { name, rules };
  });
}
