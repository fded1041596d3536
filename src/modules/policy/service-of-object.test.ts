import { describe, expect, it } from 'vitest';
import { type CatalogServiceRef, serviceOfObject } from './service-of-object.ts';

const services: CatalogServiceRef[] = [
  { name: 'payment', annotations: { 'backstage.io/kubernetes-id': 'payments-api' } },
  { name: 'checkout', annotations: {} },
];
const withLabels = (labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { labels },
});

describe('serviceOfObject', () => {
  it('takes cairn.dev/service first, when the catalog has that service', () => {
    expect(
      serviceOfObject(
        withLabels({ 'cairn.dev/service': 'checkout', 'app.kubernetes.io/name': 'payments-api' }),
        services,
      ),
    ).toBe('checkout');
  });

  it("matches backstage.io/kubernetes-id against the service's annotation", () => {
    expect(serviceOfObject(withLabels({ 'backstage.io/kubernetes-id': 'payments-api' }), services)).toBe(
      'payment',
    );
  });

  it('matches app.kubernetes.io/name against the annotation, then the service name', () => {
    expect(serviceOfObject(withLabels({ 'app.kubernetes.io/name': 'payments-api' }), services)).toBe(
      'payment',
    );
    expect(serviceOfObject(withLabels({ 'app.kubernetes.io/name': 'checkout' }), services)).toBe('checkout');
  });

  it('answers null for an object no catalog service claims', () => {
    expect(serviceOfObject(withLabels({ 'app.kubernetes.io/name': 'unknown' }), services)).toBeNull();
    expect(serviceOfObject({ apiVersion: 'v1', kind: 'Pod', metadata: {} }, services)).toBeNull();
  });
});
