/**
 * The workspace actions and step features a Backstage template may use, in one dry run: a skeleton
 * rendered into `targetPath` (contents and file names, `copyWithoutRender` left as written),
 * `fetch:plain`, `fs:rename`, `fs:delete`, `catalog:write`, `debug:log` repeated with `each`, a step
 * skipped by `if`, and `publish:git` skipped with its example outputs; then the parameters' own
 * rules (`enum`, `dependencies`, RepoUrlPicker `allowedOwners`), each refused naming the field.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineActions } from './actions/registry.ts';
import { dryRunTemplate } from './dry-run.ts';
import { type LoadedTemplate, readTemplateFile } from './template-loader.ts';

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: every-action
spec:
  parameters:
    - required: [name, tier]
      properties:
        name: { type: string, ui:field: EntityNamePicker }
        tier: { type: string, enum: [tier-1, tier-2] }
        owners: { type: array, items: { type: string }, default: [team-orders, team-web] }
        withDatabase: { type: boolean, default: false }
      dependencies:
        withDatabase:
          oneOf:
            - properties: { withDatabase: { const: false } }
            - properties: { withDatabase: { const: true }, databaseName: { type: string } }
              required: [databaseName]
    - required: [repoUrl]
      properties:
        repoUrl:
          type: string
          ui:field: RepoUrlPicker
          ui:options: { allowedHosts: [git.example], allowedOwners: [acme] }
  steps:
    - id: fetch
      name: Render
      action: fetch:template
      input:
        url: ./skeleton
        targetPath: ./app
        copyWithoutRender: ['static/**']
        values: { name: '\${{ parameters.name }}', tier: '\${{ parameters.tier }}' }
    - id: plain
      action: fetch:plain
      input: { url: ./plain, targetPath: ./app/legal }
    - id: rename
      action: fs:rename
      input: { files: [{ from: app/README.md, to: app/docs/README.md }] }
    - id: delete
      action: fs:delete
      input: { files: ['app/**/*.tmp'] }
    - id: entity
      action: catalog:write
      input:
        filePath: app/catalog-info.yaml
        entity:
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata: { name: '\${{ parameters.name }}' }
          spec: { type: service, owner: '\${{ parameters.owners[0] }}', lifecycle: experimental }
    - id: owners
      action: debug:log
      each: \${{ parameters.owners }}
      input: { message: 'owner \${{ each.key }}: \${{ each.value }}' }
    - id: database
      if: \${{ parameters.withDatabase }}
      action: debug:log
      input: { message: 'database \${{ parameters.databaseName }}' }
    - id: publish
      action: publish:git
      input: { repoUrl: '\${{ parameters.repoUrl }}' }
  output:
    links: [{ title: Repository, url: '\${{ steps.publish.output.remoteUrl }}' }]
    text: [{ title: Owners, content: '\${{ parameters.owners | join(", ") }}' }]
`;

let root: string;
let template: LoadedTemplate;
const actions = createOfflineActions();

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cairn-every-action-'));
  write('template.yaml', TEMPLATE);
  write('skeleton/README.md', '# ${{ values.name }}\n\nTier: ${{ values.tier }}\n');
  write('skeleton/src/${{ values.name }}.js', "export const name = '${{ values.name }}';\n");
  write('skeleton/static/${{ values.name }}.txt', 'kept as ${{ values.name }}\n');
  write('skeleton/scratch.tmp', 'scratch\n');
  write('plain/LICENSE', 'Copyright ${{ not rendered }}\n');
  template = readTemplateFile(join(root, 'template.yaml'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const values = { name: 'invoices', tier: 'tier-1', repoUrl: 'git.example?owner=acme&repo=invoices' };

describe('the built-in workspace actions in a dry run', () => {
  it('renders, copies, renames, deletes, writes the entity, logs each owner, skips by if and publishes nothing', async () => {
    const result = await dryRunTemplate({ template, values, actions, user: null });
    expect([result.status, result.error]).toEqual(['succeeded', null]);
    expect(Object.fromEntries(result.files.map((f) => [f.path, f.content]))).toEqual({
      'app/catalog-info.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: invoices',
        'spec:',
        '  type: service',
        '  owner: team-orders',
        '  lifecycle: experimental',
        '',
      ].join('\n'),
      'app/docs/README.md': '# invoices\n\nTier: tier-1\n',
      'app/legal/LICENSE': 'Copyright ${{ not rendered }}\n',
      'app/src/invoices.js': "export const name = 'invoices';\n",
      // copyWithoutRender: neither the name nor the contents are rendered.
      'app/static/${{ values.name }}.txt': 'kept as ${{ values.name }}\n',
    });
    const logOf = (stepId: string) => result.log.filter((l) => l.stepId === stepId).map((l) => l.message);
    expect(logOf('owners')).toEqual([
      'Beginning step owners',
      'Running step each: {"key":"0","value":"team-orders"}',
      'owner 0: team-orders',
      'Running step each: {"key":"1","value":"team-web"}',
      'owner 1: team-web',
      'Finished step owners',
    ]);
    expect(logOf('database')).toEqual(['Skipping step database because its if condition was false']);
    expect(logOf('delete')).toContain('File app/scratch.tmp deleted successfully');
    expect(logOf('publish').some((m) => m.startsWith('Skipping publish:git in dry-run mode'))).toBe(true);
    expect(result.output.text).toEqual([{ title: 'Owners', content: 'team-orders, team-web' }]);
  });

  it('runs the step an if allows, with the value its dependency required', async () => {
    const result = await dryRunTemplate({
      template,
      values: { ...values, withDatabase: true, databaseName: 'invoices_db' },
      actions,
      user: null,
    });
    expect(result.log.filter((l) => l.stepId === 'database').map((l) => l.message)).toEqual([
      'Beginning step database',
      'database invoices_db',
      'Finished step database',
    ]);
  });

  it('refuses values the parameters do not allow, naming the field', async () => {
    const refused = (extra: Record<string, unknown>) =>
      dryRunTemplate({ template, values: { ...values, ...extra }, actions, user: null });
    await expect(refused({ tier: 'tier-9' })).rejects.toThrow('parameters.tier');
    await expect(refused({ withDatabase: true })).rejects.toThrow('parameters.databaseName is required');
    await expect(refused({ repoUrl: 'git.example?owner=evil&repo=invoices' })).rejects.toThrow(
      'parameters.repoUrl: owner "evil" is not one of acme',
    );
  });
});
