import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneTemplateCopies } from './template-copies.ts';

describe('pruneTemplateCopies', () => {
  const parent = mkdtempSync(join(tmpdir(), 'cairn-template-copies-'));
  afterEach(() => {
    for (const name of readdirSync(parent)) rmSync(join(parent, name), { recursive: true, force: true });
  });

  /** A copy whose folder was last changed `minutesAgo` minutes ago. */
  const copy = (name: string, minutesAgo: number) => {
    mkdirSync(join(parent, name, 'hello'), { recursive: true });
    writeFileSync(join(parent, name, 'hello', 'template.yaml'), 'kind: Template\n');
    const at = new Date(Date.now() - minutesAgo * 60_000);
    utimesSync(join(parent, name), at, at);
  };

  it("keeps one source's newest copies, removes its older ones and leaves other sources' alone", () => {
    copy('c0ffee1-aaaa', 50);
    copy('c0ffee2-aaaa', 40);
    copy('c0ffee3-aaaa', 30);
    copy('c0ffee4-aaaa', 20);
    copy('c0ffee5-aaaa', 10);
    copy('beef001-bbbb', 60);
    expect(pruneTemplateCopies(parent, '-aaaa', 3)).toEqual(['c0ffee2-aaaa', 'c0ffee1-aaaa']);
    expect(readdirSync(parent).sort()).toEqual([
      'beef001-bbbb',
      'c0ffee3-aaaa',
      'c0ffee4-aaaa',
      'c0ffee5-aaaa',
    ]);
  });

  it('removes nothing while a source has no more copies than it keeps, or none yet', () => {
    copy('c0ffee1-aaaa', 5);
    expect(pruneTemplateCopies(parent, '-aaaa')).toEqual([]);
    expect(pruneTemplateCopies(join(parent, 'missing'), '-aaaa')).toEqual([]);
    expect(readdirSync(parent)).toEqual(['c0ffee1-aaaa']);
  });
});
