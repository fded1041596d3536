import { describe, expect, it } from 'vitest';
import { flattenNav, navFromConfig, navFromPages } from './docs-nav.ts';
import { parseMkdocsConfig } from './mkdocs-config.ts';

const TITLES = new Map([
  ['index.md', 'Payment'],
  ['operations.md', 'Operating payment'],
  ['guide/getting-started.md', 'Getting started'],
]);

describe('docs navigation', () => {
  it('reads site_name, docs_dir and nav from mkdocs.yml, plugin tags and all', () => {
    const config = parseMkdocsConfig(
      [
        'site_name: Payment docs',
        'docs_dir: pages',
        'markdown_extensions:',
        '  - pymdownx.emoji:',
        '      emoji_index: !!python/name:material.extensions.emoji.twemoji',
        'nav:',
        '  - index.md',
        '  - Operations: operations.md',
        '  - Guide:',
        '      - guide/getting-started.md',
        '      - Status page: https://status.example.com',
        '  - Old: removed.md',
      ].join('\n'),
    );
    expect(config.siteName).toBe('Payment docs');
    expect(config.docsDir).toBe('pages');
    expect(config.problems).toEqual([]);
    const { nav, problems } = navFromConfig(config.nav ?? [], TITLES, 'services/payment/mkdocs.yml', 'pages');
    expect(flattenNav(nav)).toEqual([
      { title: 'Payment', depth: 0, page: 'index.md', url: null },
      { title: 'Operations', depth: 0, page: 'operations.md', url: null },
      { title: 'Guide', depth: 0, page: null, url: null },
      { title: 'Getting started', depth: 1, page: 'guide/getting-started.md', url: null },
      { title: 'Status page', depth: 1, page: null, url: 'https://status.example.com' },
    ]);
    expect(problems).toEqual([
      'services/payment/mkdocs.yml:12: nav entry "removed.md" names no page in pages/',
    ]);
  });

  it('reports a malformed nav entry with its line and keeps the others', () => {
    const config = parseMkdocsConfig('nav:\n  - index.md\n  - { A: a.md, B: b.md }\n  - 42\n');
    expect(config.nav).toEqual([{ title: null, target: 'index.md', children: null, line: 2 }]);
    expect(config.problems).toEqual([
      { line: 3, message: 'a nav entry is a page, or one "Title: page-or-section" pair' },
      { line: 4, message: 'a nav entry is a page, or one "Title: page-or-section" pair' },
    ]);
  });

  it('reports YAML that does not parse, with its line, and falls back to the defaults', () => {
    const config = parseMkdocsConfig('site_name: x\nnav: [index.md\n');
    expect(config.nav).toBeNull();
    expect(config.docsDir).toBe('docs');
    expect(config.problems[0]?.line).toBe(3);
    expect(config.problems[0]?.message).toMatch(/^invalid YAML: /);
  });

  it('without a nav lists the home page first, then pages, then each folder as a section', () => {
    expect(flattenNav(navFromPages(TITLES, 'index.md'))).toEqual([
      { title: 'Payment', depth: 0, page: 'index.md', url: null },
      { title: 'Operating payment', depth: 0, page: 'operations.md', url: null },
      { title: 'Guide', depth: 0, page: null, url: null },
      { title: 'Getting started', depth: 1, page: 'guide/getting-started.md', url: null },
    ]);
  });
});
