/**
 * POST /api/v1/integrations/terraform against a Cairn whose catalog (a real directory of
 * descriptors) maps Terraform modules to a service and a `Resource` to the services that depend on
 * it: the recorded infra changes go to exactly those services.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../support/in-process-cairn.ts';

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payment
  annotations:
    cairn.dev/terraform-modules: module.payment
spec: { type: service, lifecycle: production, owner: team-payments, dependsOn: [resource:orders-db] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
spec: { type: service, lifecycle: production, owner: team-orders, dependsOn: [resource:default/orders-db] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: search
spec: { type: service, lifecycle: production, owner: team-orders }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: orders-db
  annotations:
    cairn.dev/terraform-addresses: module.db.aws_db_instance.orders, module.db.aws_db_parameter_group.orders
spec: { type: database, owner: team-orders }
`;

describe('Terraform changes mapped through the catalog', () => {
  let cairn: InProcessCairn;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-terraform-catalog-'));
    writeFileSync(join(dir, 'catalog-info.yaml'), CATALOG);
    cairn = await startInProcess({ catalogDir: dir });
  }, 120_000);
  afterAll(async () => {
    await cairn?.close();
  });

  it('records the parameter group change on both dependents of orders-db and the module change on payment', async () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      resource_changes: [
        {
          address: 'module.db.aws_db_parameter_group.orders',
          module_address: 'module.db',
          type: 'aws_db_parameter_group',
          change: { actions: ['update'], before: {}, after: {} },
        },
        {
          address: 'module.payment.aws_sqs_queue.refunds',
          module_address: 'module.payment',
          type: 'aws_sqs_queue',
          change: { actions: ['create'], before: null, after: {} },
        },
        {
          address: 'aws_security_group.search',
          type: 'aws_security_group',
          change: {
            actions: ['update'],
            before: { tags: { 'cairn.dev/service': 'search' } },
            after: { tags: { 'cairn.dev/service': 'search' } },
          },
        },
        { address: 'aws_vpc.main', type: 'aws_vpc', change: { actions: ['no-op'], before: {}, after: {} } },
      ],
    };
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/terraform?workspace=shop-prod&author=grace',
      headers: { authorization: `Bearer ${cairn.adminToken}` },
      payload: plan,
    });
    expect(response.statusCode, response.body).toBe(201);
    const results = response.json<{
      results: Array<{
        outcome: string;
        change: { service: string | null; mapped: boolean; description: string };
      }>;
    }>().results;
    expect(results.map((r) => [r.outcome, r.change.service, r.change.mapped, r.change.description])).toEqual([
      [
        'recorded',
        'cart',
        true,
        'Terraform plan of workspace shop-prod: 1 update\n' +
          'update module.db.aws_db_parameter_group.orders (aws_db_parameter_group, module.db)',
      ],
      [
        'recorded',
        'payment',
        true,
        'Terraform plan of workspace shop-prod: 1 create, 1 update\n' +
          'update module.db.aws_db_parameter_group.orders (aws_db_parameter_group, module.db)\n' +
          'create module.payment.aws_sqs_queue.refunds (aws_sqs_queue, module.payment)',
      ],
      [
        'recorded',
        'search',
        true,
        'Terraform plan of workspace shop-prod: 1 update\nupdate aws_security_group.search (aws_security_group)',
      ],
      [
        'recorded',
        null,
        false,
        'Terraform plan of workspace shop-prod: 1 no-op\nno-op aws_vpc.main (aws_vpc)',
      ],
    ]);
    const listed = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/changes?service=cart&kind=infra',
      headers: { authorization: `Bearer ${cairn.adminToken}` },
    });
    expect(listed.json<{ items: Array<{ service: string; author: string }> }>().items).toEqual([
      expect.objectContaining({ service: 'cart', author: 'grace' }),
    ]);
  });
});
