/**
 * Service docs through the whole server: the example shop's payment docs (mkdocs.yml nav, two pages
 * linking each other, an image), a malicious page rendered safe, docs escaping their catalog
 * source refused, docs read from a real git checkout, and search across docs and runbooks.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const EXAMPLE_CATALOG = fileURLToPath(new URL('../../examples/catalog', import.meta.url));
const PAYMENT_DOCS = join(EXAMPLE_CATALOG, 'services/payment/docs');

function component(name: string, techdocsRef: string): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    backstage.io/techdocs-ref: "${techdocsRef}"
spec:
  type: service
  lifecycle: production
  owner: team-orders
`;
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const MALICIOUS = [
  '# Ledger <img src=x onerror="alert(1)">',
  '<script>fetch("/api/v1/tokens")</script>',
  '<div onmouseover="alert(2)" style="position:fixed;inset:0" id="root">cover</div>',
  '[click](javascript:alert(3)) <a href="jAvAsCrIpT:alert(4)">here</a> <iframe src="https://evil.example"></iframe>',
  '<form action="https://evil.example"><button formaction="javascript:alert(5)">go</button></form>',
].join('\n\n');

/** A second catalog source: a malicious page, and descriptors whose docs try to leave the source. */
function hostileSource(): { dir: string; outside: string } {
  const outside = mkdtempSync(join(tmpdir(), 'cairn-docs-outside-'));
  writeFileSync(join(outside, 'secret.md'), '# Secret\n\nnot for the portal\n');
  const dir = mkdtempSync(join(tmpdir(), 'cairn-docs-hostile-'));
  writeFiles(dir, {
    'ledger/catalog-info.yaml': component('ledger', 'dir:.'),
    'ledger/docs/index.md': MALICIOUS,
    'escaper/catalog-info.yaml': component('escaper', 'dir:../..'),
    'linker/catalog-info.yaml': component('linker', 'dir:.'),
    'linker/docs/index.md': '# Linker\n\n[leak](leak.md)\n',
    'remote/catalog-info.yaml': component('remote', 'url:https://github.com/acme/remote'),
  });
  symlinkSync(join(outside, 'secret.md'), join(dir, 'linker/docs/leak.md'));
  return { dir, outside };
}

/** A real git repository (bare, as a host serves it) holding a service with docs in a subfolder. */
function gitSource(): string {
  const root = mkdtempSync(join(tmpdir(), 'cairn-docs-git-'));
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const bare = join(root, 'invoices.git');
  const work = join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(root, 'clone', '--quiet', bare, work);
  git(work, 'checkout', '--quiet', '-b', 'main');
  writeFiles(work, {
    'catalog-info.yaml': component('invoices', 'dir:./site'),
    'site/mkdocs.yml': 'site_name: Invoices\ndocs_dir: pages\n',
    'site/pages/README.md':
      '# Invoices\n\nInvoices are numbered per tenant. See [numbering](guide/numbering.md).\n',
    'site/pages/guide/numbering.md': '# Numbering\n\nNumbers never repeat within a tenant.\n',
  });
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'invoices with docs');
  git(work, 'push', '--quiet', 'origin', 'main');
  return bare;
}

let cairn: InProcessCairn;

async function get(path: string): Promise<{ status: number; type: string; json: unknown; body: Buffer }> {
  const response = await cairn.app.inject({
    method: 'GET',
    url: path,
    headers: { authorization: `Bearer ${cairn.adminToken}` },
  });
  const type = String(response.headers['content-type'] ?? '');
  return {
    status: response.statusCode,
    type,
    json: type.startsWith('application/json') ? response.json() : null,
    body: response.rawPayload,
  };
}

beforeAll(async () => {
  const hostile = hostileSource();
  cairn = await startInProcess({
    config: {
      catalog: {
        sources: [
          { type: 'dir', path: EXAMPLE_CATALOG },
          { type: 'dir', path: hostile.dir },
          { type: 'git', url: gitSource(), ref: 'main' },
        ],
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await cairn?.close();
});

describe('the example shop: payment docs', () => {
  it('lists the mkdocs.yml navigation and every page', async () => {
    const docs = await get('/api/v1/services/payment/docs');
    expect(docs.status).toBe(200);
    expect(docs.json).toEqual({
      service: 'payment',
      siteName: 'Payment service',
      home: 'index.md',
      nav: [
        { title: 'Overview', depth: 0, page: 'index.md', url: null },
        { title: 'Operating payment', depth: 0, page: 'operations.md', url: null },
      ],
      pages: [
        { path: 'index.md', title: 'Payment' },
        { path: 'operations.md', title: 'Operating payment' },
      ],
      problems: [],
    });
  });

  it('renders a page with its links pointing at the other page in the portal and its image at the assets route', async () => {
    const page = await get('/api/v1/services/payment/docs/pages/operations.md');
    expect(page.status).toBe(200);
    const body = page.json as { title: string; html: string };
    expect(body.title).toBe('Operating payment');
    expect(body.html).toContain(
      '<a href="/services/payment?tab=docs&#x26;page=index.md#user-content-interfaces" data-docs-page="index.md" data-docs-fragment="user-content-interfaces">overview</a>',
    );
    const home = (await get('/api/v1/services/payment/docs/pages/index.md')).json as { html: string };
    expect(home.html).toContain(
      '<img src="/api/v1/services/payment/docs/assets/images%2Fcharge-flow.svg" alt="How a charge flows">',
    );
    expect(home.html).toContain(
      '<a href="/services/payment?tab=docs&#x26;page=operations.md" data-docs-page="operations.md">Operating payment</a>',
    );
    expect(home.html).toContain('<h2 id="user-content-interfaces">Interfaces</h2>');
  });

  it('serves the image with its content type, bytes unchanged, sandboxed', async () => {
    const image = await get('/api/v1/services/payment/docs/assets/images%2Fcharge-flow.svg');
    expect(image.status).toBe(200);
    expect(image.type).toBe('image/svg+xml');
    expect(image.body.equals(readFileSync(join(PAYMENT_DOCS, 'images/charge-flow.svg')))).toBe(true);
    const response = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/services/payment/docs/assets/images%2Fcharge-flow.svg',
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('needs a read token like the other read routes', async () => {
    const response = await cairn.app.inject({ method: 'GET', url: '/api/v1/services/payment/docs' });
    expect(response.statusCode).toBe(401);
  });
});

describe('a malicious page', () => {
  it('is served sanitised: no script, handler, style, frame, form or javascript: URL', async () => {
    const page = await get('/api/v1/services/ledger/docs/pages/index.md');
    expect(page.status).toBe(200);
    expect(page.json).toEqual({
      service: 'ledger',
      path: 'index.md',
      title: 'Ledger',
      html:
        '<h1 id="user-content-ledger">Ledger <img title="Image not found in these docs: x"></h1>\n\n' +
        '<div id="user-content-root">cover</div>\n' +
        '<p><a>click</a> <a>here</a> </p>\n' +
        'go',
    });
  });
});

describe('paths that try to leave the docs', () => {
  it('refuses ../ in a page or asset path with 400 naming the path', async () => {
    for (const url of [
      '/api/v1/services/payment/docs/pages/..%2Fcatalog-info.yaml',
      '/api/v1/services/payment/docs/pages/images%2F..%2F..%2Fmkdocs.yml',
      '/api/v1/services/payment/docs/assets/..%2F..%2Fcart.yaml',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(400);
      expect((response.json as { error: { code: string; message: string } }).error.code).toBe(
        'invalid_input',
      );
      expect((response.json as { error: { message: string } }).error.message).toMatch(
        /^path: ".*" leads outside the docs folder$/,
      );
    }
  });

  it('refuses a techdocs-ref that leads out of the catalog source', async () => {
    const docs = await get('/api/v1/services/escaper/docs');
    expect(docs.status).toBe(404);
    expect(docs.json).toEqual({
      error: {
        code: 'not_found',
        message:
          'service "escaper" has no docs Cairn can read: backstage.io/techdocs-ref "dir:../.." leads outside its catalog source (escaper/catalog-info.yaml)',
      },
    });
  });

  it('does not follow a page linked out of the docs folder', async () => {
    const docs = (await get('/api/v1/services/linker/docs')).json as { pages: unknown[] };
    expect(docs.pages).toEqual([{ path: 'index.md', title: 'Linker' }]);
    const leak = await get('/api/v1/services/linker/docs/pages/leak.md');
    expect(leak.status).toBe(404);
    expect((leak.json as { error: { message: string } }).error.message).toBe(
      'service "linker" has no docs page "leak.md"; its pages: index.md',
    );
  });

  it('says why a service has no docs', async () => {
    const cases: Array<[string, number, string]> = [
      [
        'cart',
        404,
        'service "cart" has no docs: its catalog entry has no backstage.io/techdocs-ref annotation',
      ],
      [
        'remote',
        404,
        'service "remote" has no docs Cairn can read: backstage.io/techdocs-ref "url:https://github.com/acme/remote" is not a dir: reference',
      ],
      ['nope', 404, 'service "nope" is not in the catalog'],
    ];
    for (const [name, status, message] of cases) {
      const response = await get(`/api/v1/services/${name}/docs`);
      expect(response.status, name).toBe(status);
      expect((response.json as { error: { message: string } }).error.message).toBe(message);
    }
    const missing = await get('/api/v1/services/payment/docs/pages/none.md');
    expect((missing.json as { error: { message: string } }).error.message).toBe(
      'service "payment" has no docs page "none.md"; its pages: index.md, operations.md',
    );
    // A deep path, URL-encoded in one segment, still reaches the route.
    const deep = `${'folder/'.repeat(20)}page.md`;
    const far = await get(`/api/v1/services/payment/docs/pages/${encodeURIComponent(deep)}`);
    expect((far.json as { error: { message: string } }).error.message).toBe(
      `service "payment" has no docs page "${deep}"; its pages: index.md, operations.md`,
    );
    const notImage = await get('/api/v1/services/payment/docs/assets/index.md');
    expect(notImage.status).toBe(400);
    expect((notImage.json as { error: { message: string } }).error.message).toBe(
      'path: "index.md" is not an image (.png, .jpg, .jpeg, .gif, .svg, .webp, .avif, .ico)',
    );
  });
});

describe('docs from a git catalog source', () => {
  it('reads docs_dir beside mkdocs.yml in the checkout, README.md as home, folders as sections', async () => {
    const docs = await get('/api/v1/services/invoices/docs');
    expect(docs.json).toEqual({
      service: 'invoices',
      siteName: 'Invoices',
      home: 'README.md',
      nav: [
        { title: 'Invoices', depth: 0, page: 'README.md', url: null },
        { title: 'Guide', depth: 0, page: null, url: null },
        { title: 'Numbering', depth: 1, page: 'guide/numbering.md', url: null },
      ],
      pages: [
        { path: 'guide/numbering.md', title: 'Numbering' },
        { path: 'README.md', title: 'Invoices' },
      ],
      problems: [],
    });
  });
});

describe('search across docs and runbooks', () => {
  it("finds the payment docs' rollback page and the error-rate runbook", async () => {
    const result = await get('/api/v1/docs/search?q=roll%20back');
    expect(result.status).toBe(200);
    const items = (result.json as { items: Array<Record<string, unknown>> }).items;
    // Words match inside words: "rollback" holds both.
    expect(items.map((hit) => [hit.kind, hit.title, hit.service ?? hit.runbook, hit.link])).toEqual([
      ['doc', 'Operating payment', 'payment', '/services/payment?tab=docs&page=operations.md'],
      ['runbook', 'Error rate or SLO burn on a service', 'error-rate', '/runbooks/error-rate'],
      ['runbook', 'Slow database', 'slow-database', '/runbooks/slow-database'],
      ['doc', 'Payment', 'payment', '/services/payment?tab=docs&page=index.md'],
    ]);
    expect(items[0]?.snippet).toBe(
      'Operating payment Rolling back a bad deploy When errors rise right after a deploy, roll payment…',
    );
  });

  it('searches git-sourced docs too, and refuses a one-letter query naming q', async () => {
    const hits = (await get('/api/v1/docs/search?q=tenant')).json as { items: Array<{ title: string }> };
    expect(hits.items.map((hit) => hit.title)).toEqual(['Invoices', 'Numbering']);
    const short = await get('/api/v1/docs/search?q=a');
    expect(short.status).toBe(400);
    expect((short.json as { error: { message: string } }).error.message).toBe(
      'query.q: must be at least 2 characters',
    );
  });
});
