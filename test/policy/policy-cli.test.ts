import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Each case starts a `cairn` process; on a loaded machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });

const cairnBin = new URL('../../bin/cairn.js', import.meta.url).pathname;
const fixtures = new URL('./fixtures/', import.meta.url).pathname;

async function cairn(
  args: string[],
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cairnBin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(stdin);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('cairn policy test', () => {
  it('matches every expected result of the Kyverno tests and exits 0', async () => {
    const run = await cairn(['policy', 'test', join(fixtures, 'kyverno')]);
    expect(run.code).toBe(0);
    expect(lastLine(run.stdout)).toBe('151 of 151 expected results matched in 4 tests (0 mismatched)');
    expect(run.stdout).toMatch(/^#\s+policy\s+kind\s+resource\s+expected\s+result/);
    expect(run.stdout).toMatch(/disallow-privileged-containers\s+Pod\s+badpod01\s+fail\s+fail\s+ok/);
  });

  it('exits 1 and marks the row when a result does not match', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-policy-'));
    cpSync(join(fixtures, 'kyverno', 'disallow-privileged-containers'), dir, { recursive: true });
    const testFile = join(dir, '.kyverno-test', 'kyverno-test.yaml');
    // Claim the first bad pods pass: the runner must disagree.
    writeFileSync(testFile, readFileSync(testFile, 'utf8').replace('result: fail', 'result: pass'));
    const run = await cairn(['policy', 'test', dir, '--failures-only']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /disallow-privileged-containers\s+CronJob\s+badcronjob01\s+pass\s+fail\s+MISMATCH: Privileged mode is disallowed/,
    );
    expect(lastLine(run.stdout)).toMatch(
      /^\d+ of \d+ expected results matched in 1 tests \([1-9]\d* mismatched\)$/,
    );
  });

  it('names the folder when it holds no test', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-policy-'));
    const run = await cairn(['policy', 'test', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`cairn: no kyverno-test.yaml found under ${dir}\n`);
  });
});

describe('cairn policy check', () => {
  const policy = join(fixtures, 'policies', 'no-privileged-deny.yaml');
  const manifests = readFileSync(join(fixtures, 'manifests.yaml'), 'utf8');

  it('denies the privileged pod template read from stdin, with the policy message, exit 2', async () => {
    const run = await cairn(['policy', 'check', '-', '--policy', policy], manifests);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(
      'DENY  -: Deployment/shop/agent [no-privileged] privileged containers are not allowed: agent\n' +
        '2 objects checked: 1 passed, 1 denied, 0 warned, 0 audited, 0 errors\n',
    );
  });

  it('exits 0 when every object passes', async () => {
    const compliant = manifests.split('---')[0] ?? '';
    const run = await cairn(['policy', 'check', '-', '-p', policy], compliant);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('1 objects checked: 1 passed, 0 denied, 0 warned, 0 audited, 0 errors\n');
  });

  it('fails a Terraform plan that opens port 22 to the world', async () => {
    const plan = join(fixtures, 'terraform', 'open-ssh.plan.json');
    const rule = new URL('../../examples/policies/terraform-no-ssh-from-world.yaml', import.meta.url)
      .pathname;
    const run = await cairn(['policy', 'check', plan, '-p', rule]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `DENY  ${plan}: ResourceChange/aws_security_group.bastion [no-ssh-from-world] aws_security_group.bastion opens SSH (port 22) to the internet`,
    );
  });

  it('rejects an unknown output format and a policy path that does not exist', async () => {
    const format = await cairn(['policy', 'check', '-', '-p', policy, '-o', 'xml'], manifests);
    expect(format.code).toBe(1);
    expect(format.stderr).toBe("cairn: --output must be one of text, json, junit, sarif; got 'xml'\n");
    const missing = await cairn(['policy', 'check', '-', '-p', '/nonexistent/policy.yaml'], manifests);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('cairn: /nonexistent/policy.yaml: no such file or directory\n');
  });
});
