/**
 * Both golden paths render without a server (as `cairn template dry-run` does in CI), and the
 * rendered scheduled job passes its own tests (the node-service's run in golden-path.int.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOfflineActions } from './actions/registry.ts';
import { dryRunTemplate } from './dry-run.ts';
import { readTemplateFile } from './template-loader.ts';

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/templates');
const values = {
  name: 'nightly-billing',
  owner: 'group:default/team-billing',
  system: 'billing',
  repoUrl: 'github.com?owner=acme&repo=nightly-billing',
};

async function render(name: string, extra: Record<string, unknown> = {}) {
  const template = readTemplateFile(join(examples, name, 'template.yaml'));
  const result = await dryRunTemplate({
    template,
    values: { ...values, ...extra },
    actions: createOfflineActions(),
    user: null,
  });
  expect(result.error).toBeNull();
  return {
    result,
    text: (path: string) => result.files.find((f) => f.path === path)?.content ?? `<missing ${path}>`,
  };
}

describe('the golden paths render', () => {
  it('node-service: catalog entry with owner, system, tier, SLOs and runbook; workflow copied as written', async () => {
    const { result, text } = await render('node-service', { tier: 'tier-1', availabilityPercent: '99.95' });
    expect(text('catalog-info.yaml')).toContain(
      [
        '  name: nightly-billing',
        '  description: "A Node.js HTTP service."',
        '  annotations:',
        '    cairn.dev/tier: tier-1',
        '    cairn.dev/slo-availability: "99.95"',
        '    cairn.dev/slo-latency-p99-ms: "300"',
        '    cairn.dev/runbook: docs/runbook.md',
      ].join('\n'),
    );
    expect(text('catalog-info.yaml')).toContain('  owner: group:default/team-billing\n  system: billing\n');
    expect(text('docs/index.md')).toContain(
      'Owned by **team-billing**, part of the **billing** system (tier-1).',
    );
    expect(text('.github/workflows/ci.yaml')).toContain('"$CAIRN_URL/api/v1/changes"');
    expect(text('.github/workflows/ci.yaml')).toContain('${{ secrets.CAIRN_TOKEN }}');
    expect(text('chart/templates/deployment.yaml')).toContain('{{ .Values.otlpEndpoint | quote }}');
    expect(text('src/telemetry.js')).toContain("process.env.OTEL_SERVICE_NAME ??= 'nightly-billing';");
    expect(
      result.log.some((l) => l.message === 'Skipping step first-deploy because its if condition was false'),
    ).toBe(true);
  });

  it('scheduled-job: a CronJob chart on the schedule, and its own tests pass', async () => {
    const { result, text } = await render('scheduled-job', { schedule: '*/15 * * * *' });
    expect(text('chart/values.yaml').split('\n')[0]).toBe('schedule: "*/15 * * * *"');
    expect(text('chart/templates/cronjob.yaml')).toContain('kind: CronJob');
    expect(text('catalog-info.yaml')).toContain('  type: job\n');
    const dir = mkdtempSync(join(tmpdir(), 'cairn-job-'));
    try {
      for (const file of result.files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.content ?? '');
      }
      const { stdout } = await promisify(execFile)('npm', ['test'], { cwd: dir });
      expect(stdout).toMatch(/[#ℹ] pass 2\b/);
      expect(stdout).toMatch(/[#ℹ] fail 0\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
