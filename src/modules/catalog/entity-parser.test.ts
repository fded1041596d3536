import { describe, expect, it } from 'vitest';
import { parseCatalogFile, parseEntityRef } from './entity-parser.ts';

const COMPONENT = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  title: Cart
  annotations:
    github.com/project-slug: acme-shop/cart
    cairn.dev/tier: tier-1
  links:
    - url: https://github.com/acme-shop/cart
      title: Repository
  tags: [shop]
spec:
  type: service
  lifecycle: production
  owner: group:team-orders
  system: orders
  dependsOn:
    - component:currency
    - resource:default/cart-cache
`;

describe('parseCatalogFile', () => {
  it('reads a Backstage Component with what Cairn uses, normalising references', () => {
    const { entities, problems } = parseCatalogFile('cart.yaml', COMPONENT);
    expect(problems).toEqual([]);
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({
      ref: 'component:default/cart',
      kind: 'Component',
      name: 'cart',
      title: 'Cart',
      owner: 'team-orders',
      system: 'orders',
      type: 'service',
      lifecycle: 'production',
      dependsOn: ['component:default/currency', 'resource:default/cart-cache'],
      links: [{ url: 'https://github.com/acme-shop/cart', title: 'Repository' }],
      tags: ['shop'],
      annotations: { 'github.com/project-slug': 'acme-shop/cart', 'cairn.dev/tier': 'tier-1' },
      file: 'cart.yaml',
      line: 1,
    });
  });

  it('reports each bad entity at its line and keeps the good ones in the same file', () => {
    const text = `${COMPONENT}---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payment
  annotations:
    cairn.dev/slo-availability: "150"
spec:
  type: service
  lifecycle: production
---
apiVersion: backstage.io/v1alpha1
kind: Widget
metadata:
  name: w
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: Bad Name!
spec:
  type: team
  children: []
---
# a CI workflow that lives beside the descriptors
name: build
on: push
`;
    const { entities, problems } = parseCatalogFile('shop.yaml', text);
    expect(entities.map((entity) => entity.name)).toEqual(['cart']);
    expect(problems).toEqual([
      {
        file: 'shop.yaml',
        line: 28,
        message: 'spec.owner: Invalid input: expected string, received undefined',
      },
      {
        file: 'shop.yaml',
        line: 27,
        message:
          'annotation cairn.dev/slo-availability: must be a percentage between 0 and 100 such as "99.9", got "150"',
      },
      {
        file: 'shop.yaml',
        line: 33,
        message:
          'kind: "Widget" is not a kind Cairn reads (Component, System, Domain, API, Resource, Group, User)',
      },
      {
        file: 'shop.yaml',
        line: 40,
        message:
          'metadata.name: must be 1-63 letters, digits, "-", "_" or "." and start and end with a letter or digit',
      },
    ]);
  });

  it('checks the values of Cairn annotations, at the annotation line', () => {
    const text = COMPONENT.replace(
      '    cairn.dev/tier: tier-1\n',
      '    cairn.dev/tier: tier-1\n    cairn.dev/slo-availability: "150"\n    cairn.dev/slo-latency-p99-ms: fast\n',
    );
    expect(parseCatalogFile('cart.yaml', text).problems).toEqual([
      {
        file: 'cart.yaml',
        line: 9,
        message:
          'annotation cairn.dev/slo-availability: must be a percentage between 0 and 100 such as "99.9", got "150"',
      },
      {
        file: 'cart.yaml',
        line: 10,
        message:
          'annotation cairn.dev/slo-latency-p99-ms: must be a whole number of milliseconds, got "fast"',
      },
    ]);
  });

  it('reports invalid YAML with its line, and a known kind under a wrong apiVersion', () => {
    expect(
      parseCatalogFile('a.yaml', 'kind: Component\nmetadata:\n  name: a\n   bad: indent\n').problems,
    ).toEqual([
      {
        file: 'a.yaml',
        line: 3,
        message: 'invalid YAML: Nested mappings are not allowed in compact mappings',
      },
      { file: 'a.yaml', line: 3, message: 'invalid YAML: Implicit keys need to be on a single line' },
    ]);
    expect(
      parseCatalogFile('b.yaml', 'apiVersion: backstge.io/v1alpha1\nkind: Component\n').problems,
    ).toEqual([
      {
        file: 'b.yaml',
        line: 1,
        message:
          'apiVersion: must be backstage.io/v1alpha1 (or v1beta1) for a Component, got "backstge.io/v1alpha1"',
      },
    ]);
  });
});

describe('parseEntityRef', () => {
  it('fills the kind and namespace Backstage would', () => {
    expect(parseEntityRef('team-a', 'group')).toEqual({
      kind: 'group',
      namespace: 'default',
      name: 'team-a',
    });
    expect(parseEntityRef('Resource:ops/db', 'component')).toEqual({
      kind: 'resource',
      namespace: 'ops',
      name: 'db',
    });
  });
});
