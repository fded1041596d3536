import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceDetail, ServiceSummary } from '../../api/contracts.ts';
import { MeProvider } from '../../auth/me-context.tsx';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { ServiceFacts } from '../services/service-facts.tsx';
import { CatalogPage } from './catalog-page.tsx';

afterEach(() => vi.unstubAllGlobals());

const summary = (name: string, source: ServiceSummary['source']): ServiceSummary => ({
  name,
  title: null,
  owner: 'team-orders',
  system: 'orders',
  tier: null,
  lifecycle: 'production',
  links: [],
  annotations: {},
  source,
  dependsOn: [],
  observedDependencies: [],
});

const cartInGit = {
  source: 'git:https://github.com/shop/config.git#main:catalog',
  path: 'catalog/services/cart.yaml',
  line: 1,
  url: 'https://github.com/shop/config/blob/1f2e3d4c/catalog/services/cart.yaml#L1',
};

describe('services managed in git', () => {
  it('marks each service the catalog sources own in the service list, linking its descriptor', async () => {
    const { requested } = stubApi({
      '/api/v1/services': { items: [summary('cart', 'both'), summary('legacy-batch', 'telemetry')] },
      '/api/v1/service-graph': { nodes: [], edges: [] },
      '/api/v1/catalog/errors': { items: [] },
      '/api/v1/config/objects': {
        items: [
          { kind: 'catalog', name: 'component:cart', fields: {}, managedBy: cartInGit },
          {
            kind: 'catalog',
            name: 'system:orders',
            fields: {},
            managedBy: { ...cartInGit, path: 'catalog/systems.yaml' },
          },
        ],
      },
    });
    render(
      <AppProviders path="/services">
        <MeProvider>
          <CatalogPage />
        </MeProvider>
      </AppProviders>,
    );
    const cart = (await screen.findByRole('rowheader', { name: 'cart' }, { timeout: 5000 })).closest('tr');
    if (!cart) throw new Error('no row for cart');
    await waitFor(() =>
      expect(
        within(cart).getByRole('link', { name: 'catalog/services/cart.yaml:1' }).getAttribute('href'),
      ).toBe(cartInGit.url),
    );
    expect(cart.querySelector('.badge-managed')?.textContent).toBe(
      'Managed in git · catalog/services/cart.yaml:1',
    );
    const telemetryOnly = screen.getByRole('rowheader', { name: 'legacy-batch' }).closest('tr');
    expect(telemetryOnly?.querySelector('.badge-managed')).toBeNull();
    expect(requested).toContain('/api/v1/config/objects?kind=catalog');
  });

  it('shows the badge with the file link on the service page of a declared service', async () => {
    const detail: ServiceDetail = {
      ...summary('cart', 'catalog'),
      description: 'The shopping cart',
      type: 'service',
      tags: [],
      telemetryName: 'cart',
      runbook: null,
      slo: {
        availabilityObjectivePercent: null,
        latencyObjectiveP99Ms: null,
        requests: 0,
        failedRequests: 0,
        availabilityPercent: null,
        errorBudgetRemainingPercent: null,
      },
      declaredAt: 'services/cart.yaml:1',
      findings: [],
      recentChanges: [],
    };
    const { requested } = stubApi({ '/api/v1/config/objects/component/cart': cartInGit });
    render(
      <AppProviders path="/services/cart">
        <ServiceFacts name="cart" service={detail} missing={false} />
      </AppProviders>,
    );
    await waitFor(() => expect(requested).toContain('/api/v1/config/objects/component/cart'));
    const link = await screen.findByRole('link', { name: 'catalog/services/cart.yaml:1' }, { timeout: 5000 });
    expect(link.getAttribute('href')).toBe(cartInGit.url);
    expect(link.closest('.badge-managed')?.textContent).toBe('Managed in git · catalog/services/cart.yaml:1');
    expect(requested).toContain('/api/v1/config/objects/component/cart');
  });

  it('asks nothing for a service seen only in telemetry and shows no badge', async () => {
    const { requested } = stubApi({});
    render(
      <AppProviders path="/services/legacy-batch">
        <ServiceFacts name="legacy-batch" service={null} missing={true} />
      </AppProviders>,
    );
    await screen.findByText('Not declared in the catalog; seen in telemetry.');
    expect(requested).toEqual([]);
    expect(document.querySelector('.badge-managed')).toBeNull();
  });
});
