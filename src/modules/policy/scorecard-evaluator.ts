/** Evaluates a scorecard's rules for one service and works out the level it reaches. */
import { evaluateExpression, toCelValue } from './cel-engine.ts';
import { type Scorecard, type ScorecardLevel, scorecardLevels } from './scorecard-model.ts';

/** What Cairn knows of a service, as the `facts` variable of scorecard rules. */
export interface ServiceFacts {
  ownerSet: boolean;
  runbookLinked: boolean;
  sloDefined: boolean;
  /** ISO time of the last succeeded production-or-any deploy, or null. */
  lastDeployAt: string | null;
  /** Whole days since that deploy; -1 when never deployed. */
  daysSinceDeploy: number;
  deployedInLast30Days: boolean;
  onCallRoute: boolean;
  /** Failing Deny policies on the service's resources, not yet passed since. */
  openDenyViolations: number;
  noOpenDenyViolations: boolean;
}

export interface RuleOutcome {
  name: string;
  level: ScorecardLevel;
  passed: boolean;
  /** The fix, when the rule fails; or why it could not be evaluated. */
  message: string | null;
}

export interface ServiceScore {
  scorecard: string;
  service: string;
  team: string | null;
  /** The highest level reached, or null when bronze is not. */
  level: ScorecardLevel | null;
  rules: RuleOutcome[];
}

/** `service`: the catalog entry (name, owner, tier, lifecycle, links, annotations, tags, runbook…). */
export function scoreService(
  scorecard: Scorecard,
  service: Record<string, unknown> & { name: string; owner: string | null },
  facts: ServiceFacts,
): ServiceScore {
  const activation = { service: toCelValue(service), facts: toCelValue(facts) };
  const rules = scorecard.rules.map((rule): RuleOutcome => {
    try {
      const passed = evaluateExpression(rule.expression, activation) === true;
      return { name: rule.name, level: rule.level, passed, message: passed ? null : rule.message };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        name: rule.name,
        level: rule.level,
        passed: false,
        message: `could not be evaluated: ${reason}`,
      };
    }
  });
  let level: ScorecardLevel | null = null;
  for (const candidate of scorecardLevels) {
    if (!rules.filter((r) => r.level === candidate).every((r) => r.passed)) break;
    level = candidate;
  }
  return { scorecard: scorecard.name, service: service.name, team: service.owner, level, rules };
}
