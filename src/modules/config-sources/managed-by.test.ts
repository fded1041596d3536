import { describe, expect, it } from 'vitest';
import { forgeFileUrl, repositoryKey, webBaseOf } from './managed-by.ts';

describe('links to a file of a git source', () => {
  it('links GitHub, GitLab and scp-style URLs to the file at the commit and line', () => {
    expect(forgeFileUrl('https://github.com/shop/config.git', 'abc123', 'runbooks/db.md', 14)).toBe(
      'https://github.com/shop/config/blob/abc123/runbooks/db.md#L14',
    );
    expect(forgeFileUrl('git@gitlab.example.com:ops/cairn-config.git', 'abc123', 'a b.yaml', null)).toBe(
      'https://gitlab.example.com/ops/cairn-config/-/blob/abc123/a%20b.yaml',
    );
    expect(forgeFileUrl('ssh://git@git.example.com/ops/config', 'abc123', 'x.md', 1)).toBe(
      'https://git.example.com/ops/config/blob/abc123/x.md#L1',
    );
  });

  it('has no link for a local path or a URL without owner/repository', () => {
    expect(forgeFileUrl('/srv/git/config.git', 'abc123', 'x.md', 1)).toBeNull();
    expect(webBaseOf('file:///srv/git/config.git')).toBeNull();
    expect(webBaseOf('https://git.example.com/config.git')).toBeNull();
  });

  it('names one repository the same way whatever URL a push webhook or the config uses', () => {
    const key = 'github.com/shop/config';
    expect(repositoryKey('https://github.com/Shop/config.git')).toBe(key);
    expect(repositoryKey('git@github.com:shop/config.git')).toBe(key);
    expect(repositoryKey('https://github.com/shop/config')).toBe(key);
    expect(repositoryKey('/srv/git/config.git')).toBe('/srv/git/config');
  });
});
