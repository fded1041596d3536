/**
 * Terraform resources mapped to services by the catalog: module paths a service declares, and
 * `Resource` entities whose dependents get the changes to their addresses; the resource's own
 * `cairn.dev/service` tag wins over both.
 */
import { describe, expect, it } from 'vitest';
import {
  addressCovers,
  type TerraformCatalogEntity,
  terraformServiceMap,
} from '../../src/modules/changes/parsers/index.ts';
import { parseTerraformPayload } from '../../src/modules/changes/parsers/terraform.parser.ts';

const component = (name: string, annotations: Record<string, string>, dependsOn: string[] = []) =>
  ({ kind: 'Component', name, annotations, dependsOn }) satisfies TerraformCatalogEntity;
const resource = (name: string, addresses: string) =>
  ({
    kind: 'Resource',
    name,
    namespace: 'default',
    annotations: { 'cairn.dev/terraform-addresses': addresses },
    dependsOn: [],
  }) satisfies TerraformCatalogEntity;

const catalog: TerraformCatalogEntity[] = [
  component('payment', { 'cairn.dev/terraform-modules': 'module.payment' }, ['resource:default/orders-db']),
  component('cart', {}, ['resource:orders-db', 'component:default/payment']),
  component('search', { 'cairn.dev/terraform-modules': 'module.search, module.index[0]' }),
  resource('orders-db', 'module.db.aws_db_instance.orders, module.db.aws_db_parameter_group.orders'),
  resource('unused-bucket', 'aws_s3_bucket.unused'),
];

const change = (address: string, actions: string[], after: unknown = {}) => ({
  address,
  type: address.split('.').at(-2) ?? address,
  ...(address.startsWith('module.') ? { module_address: address.split('.').slice(0, 2).join('.') } : {}),
  change: { actions, before: {}, after },
});

describe('Terraform resources mapped by the catalog', () => {
  it('covers an address itself, its instances and what is inside a module, nothing else', () => {
    expect(addressCovers('module.db', 'module.db')).toBe(true);
    expect(addressCovers('module.db', 'module.db.aws_db_instance.orders')).toBe(true);
    expect(addressCovers('module.db', 'module.db[0].aws_db_instance.orders')).toBe(true);
    expect(addressCovers('aws_instance.web', 'aws_instance.web["a"]')).toBe(true);
    expect(addressCovers('module.db', 'module.dbx.aws_db_instance.orders')).toBe(false);
    expect(
      addressCovers('module.db.aws_db_instance.orders', 'module.db.aws_db_instance.orders_replica'),
    ).toBe(false);
  });

  it('maps by module path, by Resource dependents (every one), and lets the tag win', () => {
    const servicesOf = terraformServiceMap(catalog);
    expect(servicesOf({ address: 'module.payment.aws_sqs_queue.refunds' })).toEqual(['payment']);
    expect(servicesOf({ address: 'module.db.aws_db_parameter_group.orders' })).toEqual(['cart', 'payment']);
    expect(servicesOf({ address: 'module.index[0].aws_opensearch_domain.main' })).toEqual(['search']);
    expect(servicesOf({ address: 'module.index[1].aws_opensearch_domain.main' })).toEqual([]);
    expect(servicesOf({ address: 'aws_s3_bucket.unused' })).toEqual([]);
    expect(servicesOf({ address: 'aws_vpc.main' })).toEqual([]);
  });

  it('records one change per mapped service, each listing exactly its resources', () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      resource_changes: [
        change('module.db.aws_db_parameter_group.orders', ['update']),
        change('module.payment.aws_sqs_queue.refunds', ['create']),
        change('module.search.aws_security_group.search', ['update'], {
          tags: { 'cairn.dev/service': 'cart' },
        }),
        change('aws_vpc.main', ['no-op']),
      ],
    };
    const outcomes = parseTerraformPayload(plan, {
      workspace: 'shop-prod',
      services: terraformServiceMap(catalog),
    });
    expect(
      outcomes.map((outcome) =>
        'change' in outcome
          ? [outcome.change.target, outcome.change.description]
          : ['ignored', outcome.ignored],
      ),
    ).toEqual([
      [
        { by: 'name', name: 'cart' },
        'Terraform plan of workspace shop-prod: 2 update\n' +
          'update module.db.aws_db_parameter_group.orders (aws_db_parameter_group, module.db)\n' +
          'update module.search.aws_security_group.search (aws_security_group, module.search)',
      ],
      [
        { by: 'name', name: 'payment' },
        'Terraform plan of workspace shop-prod: 1 create, 1 update\n' +
          'update module.db.aws_db_parameter_group.orders (aws_db_parameter_group, module.db)\n' +
          'create module.payment.aws_sqs_queue.refunds (aws_sqs_queue, module.payment)',
      ],
      [
        { by: 'annotation', annotation: 'terraform.io/workspace', value: 'shop-prod' },
        'Terraform plan of workspace shop-prod: 1 no-op\nno-op aws_vpc.main (aws_vpc)',
      ],
    ]);
  });
});
