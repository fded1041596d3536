import { describe, expect, it } from 'vitest';
import { type RenderLinks, renderMarkdown } from './markdown-render.ts';

/** A docs folder holding `index.md`, `guide/setup.md` and `img/arch.png`. */
const LINKS: RenderLinks = {
  resolve: (path) => {
    if (path === 'img/arch.png') return { kind: 'asset', path };
    if (path === 'guide/setup.md' || path === 'index.md') return { kind: 'page', page: path };
    return null;
  },
  pageHref: (page, fragment) =>
    `/services/shop?tab=docs&page=${encodeURIComponent(page)}${fragment ? `#${fragment}` : ''}`,
  assetHref: (path) => `/api/v1/services/shop/docs/assets/${encodeURIComponent(path)}`,
};

describe('rendering a docs page', () => {
  it('takes the first level-one heading as the title and gives headings prefixed GitHub anchors', () => {
    const page = renderMarkdown(
      '# Deploying *safely*\n\n## Step one\n\n## Step one\n\nText.\n',
      'index.md',
      LINKS,
    );
    expect(page.title).toBe('Deploying safely');
    expect(page.html).toBe(
      '<h1 id="user-content-deploying-safely">Deploying <em>safely</em></h1>\n' +
        '<h2 id="user-content-step-one">Step one</h2>\n' +
        '<h2 id="user-content-step-one-1">Step one</h2>\n' +
        '<p>Text.</p>',
    );
    expect(page.text).toBe('Deploying safely\nStep one\nStep one\nText.');
  });

  it('prefers a front matter title and does not show the front matter', () => {
    const page = renderMarkdown('---\ntitle: Runbook index\n---\nBody.\n', 'index.md', LINKS);
    expect(page).toEqual({ title: 'Runbook index', html: '<p>Body.</p>', text: 'Body.' });
  });

  it('has no title when the page has no heading (the caller names it after the file)', () => {
    expect(renderMarkdown('Just text.\n', 'index.md', LINKS).title).toBeNull();
  });

  it('points relative links at the portal page and images at the assets route, resolved from the page folder', () => {
    const page = renderMarkdown(
      '[Setup](setup.md#before-you-start) [Home](../index.md) [Top](#intro) ![Architecture](../img/arch.png)\n',
      'guide/setup.md',
      LINKS,
    );
    expect(page.html).toBe(
      '<p><a href="/services/shop?tab=docs&#x26;page=guide%2Fsetup.md#user-content-before-you-start" data-docs-page="guide/setup.md" data-docs-fragment="user-content-before-you-start">Setup</a> ' +
        '<a href="/services/shop?tab=docs&#x26;page=index.md" data-docs-page="index.md">Home</a> ' +
        '<a href="#user-content-intro">Top</a> ' +
        '<img src="/api/v1/services/shop/docs/assets/img%2Farch.png" alt="Architecture"></p>',
    );
  });

  it('keeps outside links and marks links and images that name nothing in the docs', () => {
    const page = renderMarkdown(
      '[Site](https://example.com/a) [Gone](missing.md) [Out](../../etc/passwd) ![Lost](lost.png)\n',
      'index.md',
      LINKS,
    );
    expect(page.html).toBe(
      '<p><a href="https://example.com/a">Site</a> ' +
        '<a class="docs-broken-link" title="Not found in these docs: missing.md">Gone</a> ' +
        '<a class="docs-broken-link" title="Not found in these docs: ../../etc/passwd">Out</a> ' +
        '<img alt="Lost" title="Image not found in these docs: lost.png"></p>',
    );
  });

  it('sanitises a malicious page: no script, event handler, style, frame or javascript:/data: URL survives', () => {
    const page = renderMarkdown(
      [
        '# Hi <img src=x onerror="alert(1)">',
        '<script>alert(2)</script>',
        '<div onclick="alert(3)" style="position:fixed" id="root">box</div>',
        '<style>body{display:none}</style>',
        '<iframe src="https://evil.example"></iframe>',
        '[a](javascript:alert(4)) <a href="JaVaScRiPt:alert(5)">b</a> [c](data:text/html;base64,PHNjcmlwdD4=)',
        '<svg><script>alert(6)</script></svg><object data="x.swf"></object>',
      ].join('\n\n'),
      'index.md',
      LINKS,
    );
    expect(page.html).toBe(
      '<h1 id="user-content-hi">Hi <img title="Image not found in these docs: x"></h1>\n\n' +
        '<div id="user-content-root">box</div>\n\n\n' +
        '<p><a>a</a> <a>b</a> <a>c</a></p>\n' +
        '<p></p>',
    );
    expect(page.html).not.toMatch(/script|onerror|onclick|javascript|iframe|style|data:/i);
  });

  it('renders GitHub tables, task lists and footnotes with prefixed ids', () => {
    const page = renderMarkdown(
      '| a |\n|---|\n| 1 |\n\n- [x] done\n\nSee[^n].\n\n[^n]: Note.\n',
      'index.md',
      LINKS,
    );
    expect(page.html).toContain('<table>');
    expect(page.html).toContain('<input type="checkbox" checked disabled> done');
    expect(page.html).toContain('<li id="user-content-fn-n">');
    expect(page.html).toContain('<a href="#user-content-fn-n" id="user-content-fnref-n"');
  });
});
