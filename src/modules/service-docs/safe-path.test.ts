import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from './safe-path.ts';

/** A catalog source with `docs/index.md`, and a secret beside (not inside) it. */
function source(): { outer: string; root: string } {
  const outer = realpathSync(mkdtempSync(join(tmpdir(), 'cairn-safe-path-')));
  const root = join(outer, 'source');
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'docs', 'index.md'), '# Home\n');
  writeFileSync(join(outer, 'secret.txt'), 'secret\n');
  return { outer, root };
}

describe('resolving a path inside a folder', () => {
  it('returns the real path of a file inside', async () => {
    const { root } = source();
    expect(await resolveInside(root, 'docs/index.md', 'path')).toBe(join(root, 'docs', 'index.md'));
    expect(await resolveInside(root, './docs/../docs/index.md', 'path')).toBe(join(root, 'docs', 'index.md'));
  });

  it('refuses ../ attempts, absolute paths and NUL bytes, naming the field', async () => {
    const { root } = source();
    await expect(resolveInside(root, '../secret.txt', 'path')).rejects.toThrow(
      'path: "../secret.txt" leads outside its folder',
    );
    await expect(resolveInside(root, 'docs/../../secret.txt', 'path')).rejects.toThrow(
      'path: "docs/../../secret.txt" leads outside its folder',
    );
    await expect(resolveInside(root, '/etc/passwd', 'path')).rejects.toThrow(
      'path: "/etc/passwd" must be a relative path with / separators',
    );
    await expect(resolveInside(root, 'docs\\..\\..\\secret.txt', 'path')).rejects.toThrow(
      'must be a relative path with / separators',
    );
    await expect(resolveInside(root, 'docs/index.md\0.png', 'path')).rejects.toThrow(
      'path: must not contain a NUL character',
    );
  });

  it('refuses a symbolic link that leads out of the folder', async () => {
    const { outer, root } = source();
    symlinkSync(join(outer, 'secret.txt'), join(root, 'docs', 'leak.md'));
    await expect(resolveInside(root, 'docs/leak.md', 'path')).rejects.toThrow(
      'path: "docs/leak.md" leads outside its folder through a symbolic link',
    );
  });

  it('answers not found for a path inside that names nothing', async () => {
    const { root } = source();
    await expect(resolveInside(root, 'docs/none.md', 'path')).rejects.toMatchObject({
      code: 'not_found',
      message: 'path: "docs/none.md" does not exist',
    });
  });
});
