import { describe, expect, it } from 'vitest';
import { findModuleCycles, findRuleViolations, scanCairnImports } from './dependency-rules.ts';

// The rules of ARCHITECTURE.md ("Dependency rules"), checked on every import under src/ so that
// drift fails CI instead of waiting for a review.
const imports = scanCairnImports('src');

describe('dependency rules', () => {
  it('reads the imports of src/, type-only and multi-line ones included', () => {
    expect(imports).toContainEqual({ from: 'modules/slo/slo-evaluator.ts', to: 'modules/alerts/index.ts' });
    expect(imports).toContainEqual({ from: 'server/compose.ts', to: 'modules/alerts/index.ts' });
    expect(imports.length).toBeGreaterThan(300);
  });

  it('holds for every import under src/', () => {
    expect(findRuleViolations(imports)).toEqual([]);
  });

  it('leaves no import cycle between modules', () => {
    expect(findModuleCycles(imports)).toEqual([]);
  });

  it('names each kind of broken rule', () => {
    expect(
      findRuleViolations([
        { from: 'kernel/ids.ts', to: 'stores/state/index.ts' },
        { from: 'stores/state/state-store.ts', to: 'modules/auth/index.ts' },
        { from: 'modules/slo/slo-evaluator.ts', to: 'modules/alerts/contract.ts' },
        { from: 'modules/changes/parsers/github.parser.ts', to: 'server/http/validation.ts' },
        { from: 'modules/changes/changes.routes.ts', to: 'server/http/route.ts' },
        { from: 'cli/commands/token.ts', to: 'server/compose.ts' },
        { from: 'cli/commands/run-up.ts', to: 'server/start-server.ts' },
        { from: 'cli/commands/change.ts', to: 'modules/changes/contract.ts' },
        { from: 'cli/commands/alert.ts', to: 'stores/state/index.ts' },
        { from: 'demo/simulation.ts', to: 'modules/ingest/index.ts' },
      ]),
    ).toEqual([
      'kernel/ids.ts -> stores/state/index.ts: kernel imports nothing of Cairn',
      'stores/state/state-store.ts -> modules/auth/index.ts: stores import only kernel',
      'modules/slo/slo-evaluator.ts -> modules/alerts/contract.ts: modules import other modules only through their index.ts',
      'modules/changes/parsers/github.parser.ts -> server/http/validation.ts: modules import kernel, stores and server/http/route.ts only',
      'cli/commands/token.ts -> server/compose.ts: the cli imports server only to start it; other commands go through the API',
      'cli/commands/change.ts -> modules/changes/contract.ts: the cli imports modules only through their index.ts',
      'cli/commands/alert.ts -> stores/state/index.ts: the cli never opens a store',
      'demo/simulation.ts -> modules/ingest/index.ts: the demo drives Cairn through its API: it imports only kernel',
    ]);
  });

  it('finds a cycle between modules, however long, once', () => {
    expect(
      findModuleCycles([
        { from: 'modules/alerts/a.ts', to: 'modules/slo/index.ts' },
        { from: 'modules/slo/b.ts', to: 'modules/alerts/index.ts' },
        { from: 'modules/catalog/c.ts', to: 'modules/changes/index.ts' },
        { from: 'modules/changes/d.ts', to: 'modules/telemetry/index.ts' },
        { from: 'modules/telemetry/e.ts', to: 'modules/catalog/index.ts' },
        { from: 'modules/context/f.ts', to: 'modules/slo/index.ts' },
      ]),
    ).toEqual(['alerts -> slo -> alerts', 'catalog -> changes -> telemetry -> catalog']);
  });
});
