/**
 * Figures on third-party policy corpora, read from paths given as arguments (the repository does
 * not carry them):
 *
 *   node bench/kyverno-corpus.ts --kyverno <kyverno-vpol dir> [--pss <k8s-pss dir> --policies <dir>]
 *
 * `--kyverno`: Kyverno's ValidatingPolicy library with its CLI tests; prints expected results
 * matched. `--pss`: the Kubernetes Pod Security Standards fixtures (`<level>/<version>/<pass|fail>/
 * *.yaml`, the folder is the verdict), checked against Cairn's example PSS policies; prints agreement
 * per level. Exit 1 when anything disagrees.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicySet, runKyvernoTests } from '../src/modules/policy/index.ts';
import { readYamlDocuments } from '../src/modules/policy/kyverno-test-runner.ts';
import { evaluatePolicySet } from '../src/modules/policy/policy-evaluator.ts';
import type { KubeObject } from '../src/modules/policy/policy-match.ts';

const { values } = parseArgs({
  options: { kyverno: { type: 'string' }, pss: { type: 'string' }, policies: { type: 'string' } },
});
let disagreements = 0;

if (values.kyverno) {
  const started = performance.now();
  const run = runKyvernoTests(values.kyverno);
  for (const row of run.rows.filter((r) => !r.matched)) {
    process.stdout.write(
      `MISMATCH ${row.test} ${row.policy} ${row.kind}/${row.resource}: expected ${row.expected}, got ${row.actual}\n`,
    );
  }
  process.stdout.write(
    `kyverno corpus: ${run.matched} of ${run.rows.length} expected results matched in ${run.tests} tests (${(performance.now() - started).toFixed(0)} ms)\n`,
  );
  disagreements += run.mismatched;
}

if (values.pss) {
  const policiesDir = values.policies ?? new URL('../examples/policies/', import.meta.url).pathname;
  const levels = {
    baseline: ['pss-baseline.yaml'],
    restricted: ['pss-baseline.yaml', 'pss-restricted.yaml'],
  };
  for (const [level, files] of Object.entries(levels)) {
    const policies = loadPolicySet(files.map((f) => join(policiesDir, f)));
    let agree = 0;
    let total = 0;
    for (const version of readdirSync(join(values.pss, level))) {
      for (const verdict of ['pass', 'fail'] as const) {
        const dir = join(values.pss, level, version, verdict);
        for (const file of readdirSync(dir).sort()) {
          const [object] = readYamlDocuments(join(dir, file)) as KubeObject[];
          if (!object) continue;
          const results = evaluatePolicySet(policies, { object });
          const failed = results.some((r) => r.outcome === 'fail' || r.outcome === 'error');
          total++;
          if (failed === (verdict === 'fail')) agree++;
          else
            process.stdout.write(
              `DISAGREE ${level}/${version}/${verdict}/${file}: Cairn says ${failed ? 'fail' : 'pass'}\n`,
            );
        }
      }
    }
    process.stdout.write(
      `pss ${level}: ${agree} of ${total} fixtures agree (${((100 * agree) / total).toFixed(1)}%)\n`,
    );
    disagreements += total - agree;
  }
}

if (!values.kyverno && !values.pss) {
  process.stderr.write('usage: node bench/kyverno-corpus.ts --kyverno <dir> [--pss <dir>]\n');
  process.exitCode = 1;
} else if (disagreements > 0) {
  process.exitCode = 1;
}
