import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbooks } from './runbook-loader.ts';

const ACTIONS = new Set(['deploy', 'rollback', 'scale', 'restart']);

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-runbooks-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const FRONT = '---\nid: loop\ntitle: Loop\nowner: team-a\napplies-to:\n  alerts: [A]\n---\n';

describe('runbook validation', () => {
  it('accepts the example runbooks and reads their trees', () => {
    const { runbooks, problems } = loadRunbooks('examples/runbooks', ACTIONS);
    expect(problems).toEqual([]);
    const errorRate = runbooks.find((r) => r.id === 'error-rate');
    expect(errorRate?.steps.map((s) => s.id)).toEqual([
      'deploy-before-onset',
      'roll-back-the-deploy',
      'dependency-saturated',
      'scale-the-saturated-service',
      'errors-mention-a-refused-connection',
      'restart-the-refusing-service',
      'escalate',
    ]);
    const first = errorRate?.steps[0];
    expect(first?.check).toMatchObject({ query: 'deploy-before-onset', withinMinutes: 30, line: 22 });
    expect(first?.branches).toEqual([
      { when: 'yes', to: 'roll-back-the-deploy', line: 27 },
      { when: 'no', to: 'dependency-saturated', line: 28 },
    ]);
    expect(errorRate?.steps[1]?.action).toEqual({
      action: 'rollback',
      inputs: {
        service: '{{ deploy.service }}',
        environment: '{{ deploy.environment }}',
        version: '{{ deploy.previousVersion }}',
      },
      line: 35,
    });
    expect(errorRate?.steps.at(-1)?.escalateTo).toBe("the owning team's on-call (#incidents)");
    expect(errorRate?.appliesTo).toEqual({
      alerts: ['FrontendErrors', 'HighErrorRate', 'PaymentsErrors'],
      labels: { category: 'errors' },
      services: [],
      tags: [],
      slo: true,
    });
  });

  it('reports a cycle, an unreachable step, a bad reference and an unknown action with file:line', () => {
    const dir = dirWith({
      'loop.md': `${FRONT}
## First check

\`\`\`cairn-check
query: error-rate
abovePercent: 5
\`\`\`

- yes → [Second check](#second-check)
- no → [Nowhere](#nowhere)

## Second check

\`\`\`cairn-check
query: log-pattern
pattern: timeout
\`\`\`

- yes → [First check](#first-check)
- no → [Fix](#fix)

## Fix

\`\`\`cairn-action
action: reboot-the-world
inputs:
  service: "{{ servise }}"
\`\`\`

## Orphan

Nobody links here.
`,
    });
    const file = join(dir, 'loop.md');
    const { problems } = loadRunbooks(dir, ACTIONS);
    expect(problems).toEqual([
      { file, line: 17, message: 'branch "no" goes to #nowhere, which is no step here' },
      {
        file,
        line: 31,
        message: 'unknown action "reboot-the-world" (known: deploy, restart, rollback, scale)',
      },
      {
        file,
        line: 31,
        message: expect.stringMatching(
          /^input service: unknown variable \{\{ servise \}\} \(known: incident\.id/,
        ),
      },
      { file, line: 37, message: 'step "Orphan" is unreachable from "First check"' },
      { file, line: 26, message: 'cycle: first-check → second-check → first-check' },
    ]);
  });

  it('reports a check that does not parse and missing front matter with their lines', () => {
    const dir = dirWith({
      'a.md': `${FRONT}\n## Check\n\n\`\`\`cairn-check\nquery: cpu-of-limit\nabovePercent: lots\n\`\`\`\n\n- yes → [Done](#done)\n- no → [Done](#done)\n\n## Done\n`,
      'b.md': '# No front matter\n\n## Step\n',
    });
    const messages = loadRunbooks(dir, ACTIONS).problems.map(
      (p) => `${p.file.split('/').pop()}:${p.line}: ${p.message}`,
    );
    expect(messages).toEqual([
      'a.md:13: abovePercent: Invalid input: expected number, received string',
      'b.md:1: front matter missing: start the file with --- id, title, owner, applies-to ---',
      'a.md:9: step "Check" has yes/no branches but no valid cairn-check block',
    ]);
  });
});
