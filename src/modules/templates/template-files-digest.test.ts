import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateFilesDigest } from './template-files-digest.ts';

/** A template folder: its template.yaml, a skeleton, a nested template and a .git folder. */
function templateFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-template-files-'));
  mkdirSync(join(dir, 'skeleton'), { recursive: true });
  mkdirSync(join(dir, 'nested'), { recursive: true });
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, 'template.yaml'), 'kind: Template\n');
  writeFileSync(join(dir, 'skeleton', 'README.md'), '# ${{ values.name }}\n');
  writeFileSync(join(dir, 'nested', 'template.yaml'), 'kind: Template\n');
  writeFileSync(join(dir, 'nested', 'notes.md'), 'the nested template’s own\n');
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  return dir;
}

describe('templateFilesDigest', () => {
  it('is the same for the same files wherever the folder is', () => {
    expect(templateFilesDigest(templateFolder())).toBe(templateFilesDigest(templateFolder()));
  });

  it('changes when a skeleton file changes, is added or is renamed', () => {
    const base = templateFilesDigest(templateFolder());
    const changed = templateFolder();
    writeFileSync(join(changed, 'skeleton', 'README.md'), '# ${{ values.title }}\n');
    const added = templateFolder();
    writeFileSync(join(added, 'skeleton', 'Dockerfile'), 'FROM scratch\n');
    const renamed = templateFolder();
    renameSync(join(renamed, 'skeleton', 'README.md'), join(renamed, 'skeleton', 'README.txt'));
    const digests = [base, ...[changed, added, renamed].map(templateFilesDigest)];
    expect(new Set(digests).size).toBe(4);
  });

  it('leaves out its own template.yaml (its fields are compared apart), a nested template and .git', () => {
    const base = templateFilesDigest(templateFolder());
    const other = templateFolder();
    writeFileSync(join(other, 'template.yaml'), 'kind: Template\nmetadata: {}\n');
    writeFileSync(join(other, 'nested', 'notes.md'), 'changed\n');
    writeFileSync(join(other, '.git', 'HEAD'), 'ref: refs/heads/other\n');
    expect(templateFilesDigest(other)).toBe(base);
  });
});
