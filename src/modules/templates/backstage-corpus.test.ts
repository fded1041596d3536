/**
 * The shared corpus of Backstage's own software templates (backstage/software-templates, Apache-2.0)
 * dry-runs unchanged: every skeleton file is rendered, names and contents substituted as Backstage
 * renders them (Nunjucks `${{ }}`, `dump`, whitespace control, missing values as empty strings),
 * binary files copied byte for byte, the publish and register steps skipped with their outputs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOfflineActions } from './actions/registry.ts';
import { dryRunTemplate } from './dry-run.ts';
import { readTemplateFile } from './template-loader.ts';
import { sharedDataDir } from './test-support.ts';

const corpus = join(sharedDataDir(), 'backstage-templates');
const actions = createOfflineActions();

async function dryRun(name: string, values: Record<string, unknown>) {
  const template = readTemplateFile(join(corpus, name, 'template.yaml'));
  const result = await dryRunTemplate({ template, values, actions, user: null });
  expect(result.error).toBeNull();
  const files = new Map(result.files.map((file) => [file.path, file]));
  return { result, files, text: (path: string) => files.get(path)?.content ?? `<missing ${path}>` };
}

function skeletonFiles(name: string): string[] {
  const dir = join(corpus, name, 'skeleton');
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort((a, b) => a.localeCompare(b));
}

const shopWeb = {
  component_id: 'shop-web',
  description: 'The shop front',
  owner: 'group:default/team-web',
  repoUrl: 'github.com?owner=acme&repo=shop-web',
};

describe('the shared Backstage templates dry-run unchanged', () => {
  it('finds the three templates of the corpus', () => {
    const names = readdirSync(corpus, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(names.sort()).toEqual(['create-react-app', 'docs-template', 'react-ssr-template']);
  });

  it('create-react-app renders every skeleton file with the values substituted', async () => {
    const { result, files, text } = await dryRun('create-react-app', shopWeb);
    expect(result.status).toBe('succeeded');
    expect([...files.keys()]).toEqual(skeletonFiles('create-react-app'));
    expect(text('catalog-info.yaml')).toBe(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: "shop-web"',
        '  description: "The shop front"',
        '  annotations:',
        '    github.com/project-slug: acme/shop-web',
        '    backstage.io/techdocs-ref: dir:.',
        'spec:',
        '  type: website',
        '  lifecycle: experimental',
        '  owner: "group:default/team-web"',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(text('package.json')).name).toBe('shop-web');
    expect(text('mkdocs.yml').split('\n').slice(0, 2)).toEqual([
      'site_name: "shop-web"',
      'site_description: "The shop front"',
    ]);
    // The skeleton's docs page uses values.name, which this template never sets: empty, as in Backstage.
    expect(text('docs/index.md').startsWith('## \n\nThe shop front')).toBe(true);
    // Binary files are copied byte for byte.
    const logo = files.get('public/logo192.png');
    expect(logo?.content).toBeNull();
    expect(
      Buffer.from(logo?.base64Content ?? '', 'base64').equals(
        readFileSync(join(corpus, 'create-react-app/skeleton/public/logo192.png')),
      ),
    ).toBe(true);
    // No file keeps an unrendered expression.
    for (const file of result.files) expect(file.content ?? '').not.toContain('${{');
    expect(result.output).toEqual({
      links: [
        { title: 'Repository', url: 'https://github.com/acme/shop-web.git' },
        { title: 'Open in catalog', icon: 'catalog', entityRef: 'component:default/shop-web' },
      ],
    });
    expect(
      result.log.some(
        (l) => l.stepId === 'publish' && l.message.startsWith('Skipping publish:github in dry-run mode'),
      ),
    ).toBe(true);
  });

  it('create-react-app without a description drops the description line, as the {%- if %} says', async () => {
    const { text } = await dryRun('create-react-app', { ...shopWeb, description: undefined });
    expect(text('catalog-info.yaml').split('\n').slice(2, 5)).toEqual([
      'metadata:',
      '  name: "shop-web"',
      '  annotations:',
    ]);
  });

  it('react-ssr-template renders names and contents', async () => {
    const { result, files, text } = await dryRun('react-ssr-template', {
      component_id: 'checkout-ui',
      description: 'Checkout pages',
      owner: 'group:default/team-checkout',
      repoUrl: 'github.com?owner=acme&repo=checkout-ui',
    });
    expect([...files.keys()]).toEqual(skeletonFiles('react-ssr-template'));
    expect(text('README.md').split('\n').slice(0, 5)).toEqual([
      '# checkout-ui',
      '',
      '## Description',
      '',
      'Checkout pages',
    ]);
    const pkg = JSON.parse(text('package.json'));
    expect([pkg.name, pkg.description]).toEqual(['checkout-ui', 'Checkout pages']);
    expect(text('catalog-info.yaml')).toContain('    github.com/project-slug: acme/checkout-ui\n');
    expect(text('catalog-info.yaml')).toContain('  owner: "group:default/team-checkout"\n');
    expect(text('docs/index.md').startsWith('# checkout-ui\n\nCheckout pages')).toBe(true);
    expect(result.output.links).toEqual([
      { title: 'Repository', url: 'https://github.com/acme/checkout-ui.git' },
      { title: 'Open in catalog', icon: 'catalog', entityRef: 'component:default/checkout-ui' },
    ]);
  });

  it('docs-template renders its three files', async () => {
    const { files, text } = await dryRun('docs-template', {
      name: 'payments-handbook',
      description: 'How payments work',
      owner: 'group:default/team-payments',
      repoUrl: 'github.com?owner=acme&repo=payments-handbook',
    });
    expect([...files.keys()]).toEqual(['catalog-info.yaml', 'docs/index.md', 'mkdocs.yml']);
    expect(text('docs/index.md')).toBe(
      readFileSync(join(corpus, 'docs-template/skeleton/docs/index.md'), 'utf8')
        .replace('${{ values.name }}', 'payments-handbook')
        .replace('${{ values.description }}', 'How payments work'),
    );
    expect(text('catalog-info.yaml').split('\n').slice(3, 7)).toEqual([
      '  name: "payments-handbook"',
      '  description: "How payments work"',
      '  annotations:',
      '    github.com/project-slug: acme/payments-handbook',
    ]);
    expect(text('mkdocs.yml').split('\n')[0]).toBe('site_name: "payments-handbook"');
  });

  it('refuses values the parameters do not allow, naming the field', async () => {
    const template = readTemplateFile(join(corpus, 'create-react-app', 'template.yaml'));
    await expect(
      dryRunTemplate({ template, values: { ...shopWeb, component_id: undefined }, actions, user: null }),
    ).rejects.toThrow('parameters.component_id is required');
    await expect(
      dryRunTemplate({
        template,
        values: { ...shopWeb, repoUrl: 'gitlab.com?owner=acme&repo=x' },
        actions,
        user: null,
      }),
    ).rejects.toThrow('parameters.repoUrl: host "gitlab.com" is not one of github.com');
  });
});

/**
 * What Backstage renders for each expression the corpus's skeletons use, worked out by hand (a
 * value, or its JSON with `dump`; a value the template does not set renders empty). An expression
 * not listed fails the test, so a changed corpus is noticed.
 */
function expectedExpression(expression: string, values: Partial<Record<string, string>>): string {
  const name = /^values\.(\w+)$/.exec(expression)?.[1];
  if (name) return values[name] ?? '';
  const dumped = /^values\.(\w+) \| dump$/.exec(expression)?.[1];
  if (dumped) return JSON.stringify(values[dumped] ?? '');
  if (expression === 'values.destination.owner + "/" + values.destination.repo')
    return `${values.destinationOwner}/${values.destinationRepo}`;
  throw new Error(`no expected rendering for \${{ ${expression} }}`);
}

describe.each([
  {
    template: 'create-react-app',
    parameters: shopWeb,
    values: {
      component_id: 'shop-web',
      description: 'The shop front',
      owner: 'group:default/team-web',
      destinationOwner: 'acme',
      destinationRepo: 'shop-web',
    },
  },
  {
    template: 'react-ssr-template',
    parameters: {
      ...shopWeb,
      component_id: 'checkout-ui',
      repoUrl: 'github.com?owner=acme&repo=checkout-ui',
    },
    values: {
      component_id: 'checkout-ui',
      description: 'The shop front',
      owner: 'group:default/team-web',
      destinationOwner: 'acme',
      destinationRepo: 'checkout-ui',
    },
  },
  {
    template: 'docs-template',
    parameters: {
      name: 'payments-handbook',
      description: 'How payments work',
      owner: 'group:default/team-payments',
      repoUrl: 'github.com?owner=acme&repo=payments-handbook',
    },
    values: {
      name: 'payments-handbook',
      description: 'How payments work',
      owner: 'group:default/team-payments',
      destinationOwner: 'acme',
      destinationRepo: 'payments-handbook',
    },
  },
])('$template: every skeleton file, rendered', ({ template, parameters, values }) => {
  it('has every skeleton file, each expression replaced by its value, no template syntax left', async () => {
    const { files } = await dryRun(template, parameters);
    const skeleton = skeletonFiles(template);
    expect([...files.keys()]).toEqual(skeleton);
    let substituted = 0;
    for (const path of skeleton) {
      const source = readFileSync(join(corpus, template, 'skeleton', path));
      const rendered = files.get(path);
      if (rendered?.content === null) {
        // Binary: copied byte for byte.
        expect(Buffer.from(rendered.base64Content ?? '', 'base64').equals(source), path).toBe(true);
        continue;
      }
      const text = source.toString('utf8');
      expect(rendered?.content ?? '', path).not.toMatch(/\$\{\{|\{%/);
      // Files with {% %} blocks are checked exactly above; the rest must equal the skeleton with
      // each expression replaced.
      if (text.includes('{%')) continue;
      const expected = text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_match, expression: string) => {
        substituted += 1;
        return expectedExpression(expression, values);
      });
      expect(rendered?.content, path).toBe(expected);
    }
    expect(substituted).toBeGreaterThan(0);
  });
});
