/**
 * Terraform runs into the change record, end to end: HashiCorp's own `terraform show -json`
 * fixtures (Debian's golang-github-hashicorp-terraform-json-dev) posted to a running Cairn, and
 * `cairn change record-terraform` from a CI step.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CairnProcess, runCairn, startCairn } from '../support/start-cairn.ts';

const FIXTURES = '/usr/share/gocode/src/github.com/hashicorp/terraform-json/testdata';

interface FixtureResource {
  address: string;
  type: string;
  module_address?: string;
  change: { actions: string[] };
}

/** The fixture plans; missing fixtures fail the suite (install the Debian package), never skip it. */
function fixturePlans(): Array<{ name: string; text: string; resources: FixtureResource[] }> {
  if (!existsSync(FIXTURES)) {
    throw new Error(`${FIXTURES} is missing: apt-get install golang-github-hashicorp-terraform-json-dev`);
  }
  return readdirSync(FIXTURES)
    .filter((name) => existsSync(join(FIXTURES, name, 'plan.json')))
    .sort()
    .map((name) => {
      const text = readFileSync(join(FIXTURES, name, 'plan.json'), 'utf8');
      return { name, text, resources: (JSON.parse(text).resource_changes ?? []) as FixtureResource[] };
    });
}

/** How the change lists a resource, derived here from the raw plan, independently of the parser. */
function expectedLine(resource: FixtureResource): string {
  const { actions } = resource.change;
  const action = actions.includes('delete') && actions.includes('create') ? 'replace' : actions[0];
  const module = resource.module_address ? `, ${resource.module_address}` : '';
  return `${action} ${resource.address} (${resource.type}${module})`;
}

describe('POST /api/v1/integrations/terraform', () => {
  let cairn: CairnProcess;
  beforeAll(async () => {
    cairn = await startCairn({ args: ['--config', 'examples/cairn.yaml'] });
  });
  afterAll(async () => {
    await cairn?.stop();
  });

  const post = async (path: string, body: string, token = cairn.adminToken) => {
    const response = await fetch(`${cairn.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('accepts every HashiCorp fixture plan and lists its resource changes on the recorded change', async () => {
    const plans = fixturePlans();
    expect(plans.length).toBeGreaterThanOrEqual(10);
    for (const plan of plans) {
      const { status, body } = await post(
        `/api/v1/integrations/terraform?workspace=fixtures-${plan.name}&author=grace`,
        plan.text,
      );
      expect(status, plan.name).toBe(201);
      const results = body.results as Array<{ outcome: string; change: Record<string, unknown> }>;
      expect(results, plan.name).toHaveLength(1);
      const [result] = results;
      expect(result?.outcome).toBe('recorded');
      expect(result?.change).toMatchObject({
        kind: 'infra',
        source: 'terraform',
        service: null,
        mapped: false,
        sourceRef: `fixtures-${plan.name}`,
        author: 'grace',
        status: 'succeeded',
        environment: 'production',
      });
      const lines = String(result?.change.description).split('\n');
      expect(lines[0]).toMatch(new RegExp(`^Terraform plan of workspace fixtures-${plan.name}: `));
      expect(lines.slice(1), plan.name).toEqual(plan.resources.map(expectedLine));
    }
    // Spot checks against what the fixtures hold: modules, data reads, a replacement.
    const listed = await fetch(`${cairn.url}/api/v1/changes?kind=infra&limit=100`, {
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    }).then((r) => r.json() as Promise<{ items: Array<{ sourceRef: string; description: string }> }>);
    const described = (name: string) =>
      listed.items.find((c) => c.sourceRef === `fixtures-${name}`)?.description;
    expect(described('deep_module')).toBe(
      'Terraform plan of workspace fixtures-deep_module: 1 create\n' +
        'create module.foo.module.bar.null_resource.baz (null_resource, module.foo.module.bar)',
    );
    expect(described('config_resource_depends_on')?.split('\n')[0]).toBe(
      'Terraform plan of workspace fixtures-config_resource_depends_on: 1 replace, 1 no-op',
    );
    expect(described('basic')?.split('\n').slice(0, 2)).toEqual([
      'Terraform plan of workspace fixtures-basic: 7 create, 1 read',
      'read data.null_data_source.baz (null_data_source)',
    ]);
    // The same plan posted again records nothing new.
    const basic = plans.find((p) => p.name === 'basic');
    const replay = await post(
      '/api/v1/integrations/terraform?workspace=fixtures-basic&author=grace',
      basic?.text ?? '',
    );
    expect(replay.status).toBe(200);
    expect((replay.body.results as Array<{ outcome: string }>)[0]?.outcome).toBe('duplicate');
  });

  it('maps resources by their cairn.dev/service tag: one change per service', async () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      resource_changes: [
        {
          address: 'aws_security_group.cart',
          type: 'aws_security_group',
          change: {
            actions: ['update'],
            before: { tags: { 'cairn.dev/service': 'cart' } },
            after: { tags: { 'cairn.dev/service': 'cart' } },
          },
        },
        {
          address: 'module.db.aws_db_parameter_group.payment',
          module_address: 'module.db',
          type: 'aws_db_parameter_group',
          change: {
            actions: ['delete', 'create'],
            before: null,
            after: { tags_all: { 'cairn.dev/service': 'payment' } },
          },
        },
        { address: 'aws_vpc.main', type: 'aws_vpc', change: { actions: ['no-op'], before: {}, after: {} } },
      ],
    };
    const { status, body } = await post(
      '/api/v1/integrations/terraform?workspace=shop-prod',
      JSON.stringify(plan),
    );
    expect(status).toBe(201);
    const results = body.results as Array<{
      change: { service: string | null; mapped: boolean; description: string; version: string };
    }>;
    expect(results.map((r) => [r.change.service, r.change.mapped, r.change.description])).toEqual([
      [
        'cart',
        true,
        'Terraform plan of workspace shop-prod: 1 update\nupdate aws_security_group.cart (aws_security_group)',
      ],
      [
        'payment',
        true,
        'Terraform plan of workspace shop-prod: 1 replace\nreplace module.db.aws_db_parameter_group.payment (aws_db_parameter_group, module.db)',
      ],
      [null, false, 'Terraform plan of workspace shop-prod: 1 no-op\nno-op aws_vpc.main (aws_vpc)'],
    ]);
    expect(results[0]?.change.version).toBe('terraform 1.9.0');
  });

  it('records an applied HCP Terraform run and ignores the other notifications', async () => {
    const notification = (trigger: string, runStatus: string) =>
      JSON.stringify({
        payload_version: 1,
        notification_configuration_id: 'nc-AeUQ2zfKZzW9TiGZ',
        run_url: 'https://app.terraform.io/app/acme/workspaces/shop-prod/runs/run-FwnENkvDnrpyFC7M',
        run_id: 'run-FwnENkvDnrpyFC7M',
        run_message: 'Open the database port to the VPN',
        run_created_at: '2026-11-25T09:50:00.000Z',
        run_created_by: 'grace',
        workspace_id: 'ws-XdeUVMWShTesDMME',
        workspace_name: 'shop-prod',
        organization_name: 'acme',
        notifications: [
          {
            message: 'Run Applied',
            trigger,
            run_status: runStatus,
            run_updated_at: '2026-11-25T09:55:00.000Z',
            run_updated_by: 'grace',
          },
        ],
      });
    const planning = await post('/api/v1/integrations/terraform', notification('run:planning', 'planning'));
    expect(planning.status).toBe(200);
    expect(planning.body.results).toEqual([
      {
        outcome: 'ignored',
        reason: 'HCP Terraform run:planning (planning): only applied and errored runs are recorded',
      },
    ]);
    const applied = await post('/api/v1/integrations/terraform', notification('run:completed', 'applied'));
    expect(applied.status).toBe(201);
    expect((applied.body.results as Array<{ change: unknown }>)[0]?.change).toMatchObject({
      kind: 'infra',
      status: 'succeeded',
      author: 'grace',
      revision: 'run-FwnENkvDnrpyFC7M',
      sourceRef: 'shop-prod',
      startedAt: '2026-11-25T09:50:00.000Z',
      finishedAt: '2026-11-25T09:55:00.000Z',
      url: 'https://app.terraform.io/app/acme/workspaces/shop-prod/runs/run-FwnENkvDnrpyFC7M',
    });
  });

  it('answers 400 naming the field for what is not Terraform JSON', async () => {
    const wrong = await post('/api/v1/integrations/terraform', JSON.stringify({ hello: 'world' }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      message:
        'body: neither a plan (resource_changes), a state (values) nor an HCP Terraform notification (payload_version)',
    });
    const badPlan = await post(
      '/api/v1/integrations/terraform',
      JSON.stringify({ format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a' }] }),
    );
    expect(badPlan.status).toBe(400);
    expect((badPlan.body.error as { message: string }).message).toMatch(
      /^body\.resource_changes\.0\.change: /,
    );
  });

  it('`cairn change record-terraform plan.json` records from CI and prints the change id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-terraform-'));
    const file = join(dir, 'plan.json');
    writeFileSync(file, readFileSync(join(FIXTURES, 'registry_module', 'plan.json')));
    const env = { CAIRN_URL: cairn.url, CAIRN_TOKEN: cairn.adminToken, GITHUB_ACTOR: 'ada' };
    const run = await runCairn(['change', 'record-terraform', file, '--workspace', 'ci-registry'], env);
    expect(run.stderr).toBe(
      'Recorded infra change of (no service: infrastructure-wide): Terraform plan of workspace ci-registry: 1 create.\n',
    );
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    const change = await fetch(`${cairn.url}/api/v1/changes?kind=infra&limit=100`, {
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    })
      .then((r) => r.json() as Promise<{ items: Array<{ id: string; author: string; description: string }> }>)
      .then((list) => list.items.find((c) => c.id === id));
    expect(change).toMatchObject({
      author: 'ada',
      description:
        'Terraform plan of workspace ci-registry: 1 create\ncreate module.module.null_resource.resource (null_resource, module.module)',
    });
    const missing = await runCairn(['change', 'record-terraform', join(dir, 'nope.json')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${join(dir, 'nope.json')}: not readable as JSON (ENOENT`);
  }, 120_000);
});
