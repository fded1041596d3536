import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCairn } from '../support/start-cairn.ts';

describe('cairn action validate', () => {
  it('prints file:line: problem for each bad definition and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-actions-validate-'));
    writeFileSync(
      join(dir, 'scale.yaml'),
      'id: scale\ntitle: Scale\noperation: day-2\nexecutor:\n  kind: webhook\n  settings:\n    url: https://a.example\nguardrails:\n  rules:\n    - expression: inputs.replicas <=\n      message: at most 20\n',
    );
    writeFileSync(
      join(dir, 'ok.yaml'),
      'id: ok\ntitle: OK\noperation: day-2\nexecutor:\n  kind: webhook\n  settings:\n    url: https://a.example\n',
    );
    const result = await runCairn(['action', 'validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`^${dir}/scale\\.yaml:10: guardrails\\.rules\\.0\\.expression: CEL does not parse: `),
    );
    expect(result.stderr).toBe(`cairn: ${dir}: 1 problem (2 files, 1 valid action)\n`);
  });

  it('exits 0 on valid definitions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-actions-validate-'));
    writeFileSync(
      join(dir, 'ok.yaml'),
      'id: ok\ntitle: OK\noperation: day-2\nexecutor:\n  kind: webhook\n  settings:\n    url: https://a.example\n',
    );
    expect(await runCairn(['action', 'validate', dir])).toEqual({
      code: 0,
      stdout: '',
      stderr: `${dir} is valid: 1 file, 1 valid action\n`,
    });
  });
});
