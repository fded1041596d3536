import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from './label-selector.ts';
import { type CatalogServiceRef, createPodOwnerResolver } from './pod-owner.ts';

const service = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): CatalogServiceRef => ({
  name,
  owner,
  system: 'shop',
  annotations,
});

describe('parseLabelSelector', () => {
  it('reads equality, set and existence requirements on kube-state-metrics label names', () => {
    const matches = parseLabelSelector(
      'app.kubernetes.io/name=checkout, tier in (web, api), track!=canary, !legacy',
    );
    if (!matches) throw new Error('not parsed');
    const pod = { label_app_kubernetes_io_name: 'checkout', label_tier: 'web' };
    expect(matches(pod)).toBe(true);
    expect(matches({ ...pod, label_tier: 'batch' })).toBe(false);
    expect(matches({ ...pod, label_track: 'canary' })).toBe(false);
    expect(matches({ ...pod, label_track: 'stable' })).toBe(true);
    expect(matches({ ...pod, label_legacy: 'true' })).toBe(false);
    expect(matches({ label_tier: 'web' })).toBe(false);
  });

  it('claims nothing for a selector it cannot read, or an empty one', () => {
    expect(parseLabelSelector('app in web')).toBeNull();
    expect(parseLabelSelector('app=(x)')).toBeNull();
    expect(parseLabelSelector(' ')).toBeNull();
  });
});

describe('pod owners', () => {
  const ownerOf = createPodOwnerResolver(
    [
      service('search', 'team-discovery', { 'backstage.io/kubernetes-id': 'search-k8s' }),
      service('payments', 'team-payments', { 'backstage.io/kubernetes-label-selector': 'app=pay,tier=api' }),
      service('checkout', 'team-checkout'),
    ],
    'app.kubernetes.io/name',
  );

  it('takes the kubernetes-id label first, then a catalog label selector, then app.kubernetes.io/name', () => {
    expect(
      ownerOf('shop', 'p', {
        label_backstage_io_kubernetes_id: 'search-k8s',
        label_app: 'pay',
        label_tier: 'api',
      }),
    ).toEqual({
      service: 'search',
      team: 'team-discovery',
      system: 'shop',
    });
    expect(
      ownerOf('shop', 'p', { label_app: 'pay', label_tier: 'api', label_app_kubernetes_io_name: 'checkout' }),
    ).toEqual({
      service: 'payments',
      team: 'team-payments',
      system: 'shop',
    });
    expect(ownerOf('shop', 'p', { label_app: 'pay', label_app_kubernetes_io_name: 'checkout' })).toEqual({
      service: 'checkout',
      team: 'team-checkout',
      system: 'shop',
    });
    // A name the catalog does not know is the service, with no team.
    expect(ownerOf('shop', 'p', { label_app_kubernetes_io_name: 'cart' })).toEqual({
      service: 'cart',
      team: null,
      system: null,
    });
  });
});
