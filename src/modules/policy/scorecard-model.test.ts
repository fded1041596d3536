import { describe, expect, it } from 'vitest';
import { factsFor } from './scorecard.service.ts';
import { scoreService } from './scorecard-evaluator.ts';
import { readScorecards } from './scorecard-model.ts';

const card = (rules: unknown[]) => ({
  apiVersion: 'cairn.dev/v1alpha1',
  kind: 'Scorecard',
  metadata: { name: 'readiness' },
  spec: { rules },
});

describe('scorecards', () => {
  it('reaches a level only when that level and every level below pass', () => {
    const [scorecard] = readScorecards(
      [
        card([
          { name: 'owner', level: 'bronze', expression: 'facts.ownerSet', message: 'set an owner' },
          { name: 'slo', level: 'silver', expression: 'facts.sloDefined', message: 'define an SLO' },
          { name: 'deploy', level: 'gold', expression: 'facts.deployedInLast30Days', message: 'deploy' },
        ]),
      ],
      'card.yaml',
    );
    if (!scorecard) throw new Error('no scorecard read');
    const now = new Date();
    const service = {
      name: 'cart',
      owner: 'shop',
      links: [],
      annotations: {},
      title: null,
      system: null,
      tier: null,
      lifecycle: null,
    };
    const tenDaysAgo = new Date(now.getTime() - 10 * 86_400_000).toISOString();
    const noSlo = scoreService(scorecard, service, factsFor(service, tenDaysAgo, false, now));
    // gold passes but silver does not: the level stops at bronze.
    expect(noSlo.level).toBe('bronze');
    expect(noSlo.rules.filter((r) => !r.passed)).toEqual([
      { name: 'slo', level: 'silver', passed: false, message: 'define an SLO' },
    ]);
    expect(scoreService(scorecard, service, factsFor(service, tenDaysAgo, true, now)).level).toBe('gold');
    const unowned = { ...service, owner: null };
    expect(scoreService(scorecard, unowned, factsFor(unowned, null, true, now)).level).toBeNull();
  });

  it('derives the facts from the catalog entry and the last deploy', () => {
    const now = new Date();
    const service = {
      name: 'cart',
      owner: 'shop',
      title: null,
      system: null,
      tier: null,
      lifecycle: null,
      links: [{ url: 'https://wiki.example.com/cart', title: 'Runbook' }],
      annotations: { 'pagerduty.com/service-id': 'P123' },
    };
    const fortyDaysAgo = new Date(now.getTime() - 40 * 86_400_000).toISOString();
    expect(factsFor(service, fortyDaysAgo, false, now)).toEqual({
      ownerSet: true,
      runbookLinked: true,
      sloDefined: false,
      lastDeployAt: fortyDaysAgo,
      daysSinceDeploy: 40,
      deployedInLast30Days: false,
      onCallRoute: true,
      openDenyViolations: 0,
      noOpenDenyViolations: true,
    });
    expect(
      factsFor(service, fortyDaysAgo, false, now, { openDenyViolations: 2, notifyRouted: false }),
    ).toMatchObject({
      openDenyViolations: 2,
      noOpenDenyViolations: false,
    });
    const unannotated = { ...service, annotations: {} };
    expect(factsFor(unannotated, null, false, now).onCallRoute).toBe(false);
    expect(
      factsFor(unannotated, null, false, now, { openDenyViolations: 0, notifyRouted: true }).onCallRoute,
    ).toBe(true);
  });

  it('rejects an unknown level and an expression that does not parse, naming the rule', () => {
    expect(() =>
      readScorecards([card([{ name: 'x', level: 'platinum', expression: 'true' }])], 'card.yaml'),
    ).toThrow("card.yaml Scorecard 1: spec.rules[0].level 'platinum' must be bronze, silver or gold");
    expect(() =>
      readScorecards([card([{ name: 'x', level: 'gold', expression: 'facts.(' }])], 'card.yaml'),
    ).toThrow();
  });
});
