import { fireEvent, render, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocsPage, DocsSearchResult, ServiceDocs } from '../../api/service-docs.ts';
import { AppProviders, stubApi } from '../../test-api.tsx';
import { ServiceDocsTab } from './service-docs-tab.tsx';

afterEach(() => vi.unstubAllGlobals());

const site: ServiceDocs = {
  service: 'payment',
  siteName: 'Payment service',
  home: 'index.md',
  nav: [
    { title: 'Overview', depth: 0, page: 'index.md', url: null },
    { title: 'Operations', depth: 0, page: null, url: null },
    { title: 'Operating payment', depth: 1, page: 'ops/run.md', url: null },
  ],
  pages: [
    { path: 'index.md', title: 'Payment' },
    { path: 'ops/run.md', title: 'Operating payment' },
  ],
  problems: ['mkdocs.yml:7: nav entry "old.md" names no page in docs/'],
};

const home: DocsPage = {
  service: 'payment',
  path: 'index.md',
  title: 'Payment',
  html: '<h1 id="user-content-payment">Payment</h1>\n<p><a href="/services/payment?tab=docs&#x26;page=ops%2Frun.md" data-docs-page="ops/run.md">Operating payment</a></p>',
};

const run: DocsPage = {
  service: 'payment',
  path: 'ops/run.md',
  title: 'Operating payment',
  html: '<h1 id="user-content-operating-payment">Operating payment</h1>',
};

function renderTab(path = '/services/payment?tab=docs') {
  return render(
    <AppProviders path={path}>
      <Routes>
        <Route path="/services/:name" element={<ServiceDocsTab name="payment" />} />
      </Routes>
    </AppProviders>,
  );
}

describe('the Docs tab', () => {
  it('shows the navigation with sections, the home page, and the problems of mkdocs.yml', async () => {
    stubApi({ '/api/v1/services/payment/docs': site, '/api/v1/services/payment/docs/pages/index.md': home });
    renderTab();
    expect(await screen.findByRole('heading', { level: 1, name: 'Payment' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Pages' });
    expect(
      within(nav)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Overview', 'Operations', 'Operating payment']);
    expect(within(nav).getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByText('1 problem(s) in mkdocs.yml')).toBeTruthy();
  });

  it('opens a page linked from the rendered page inside the tab', async () => {
    const api = stubApi({
      '/api/v1/services/payment/docs': site,
      '/api/v1/services/payment/docs/pages/index.md': home,
      '/api/v1/services/payment/docs/pages/ops%2Frun.md': run,
    });
    renderTab();
    const article = await screen.findByRole('article', { name: 'Payment' });
    fireEvent.click(within(article).getByRole('link', { name: 'Operating payment' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Operating payment' })).toBeTruthy();
    expect(api.requested).toContain('/api/v1/services/payment/docs/pages/ops%2Frun.md');
    const nav = screen.getByRole('navigation', { name: 'Pages' });
    expect(within(nav).getByRole('link', { name: 'Operating payment' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('searches every service and runbook and links each hit', async () => {
    const result: DocsSearchResult = {
      items: [
        {
          kind: 'runbook',
          title: 'Error rate or SLO burn on a service',
          service: null,
          page: null,
          runbook: 'error-rate',
          link: '/runbooks/error-rate',
          snippet: 'Roll the suspect service back…',
        },
      ],
    };
    const api = stubApi({
      '/api/v1/services/payment/docs': site,
      '/api/v1/services/payment/docs/pages/index.md': home,
      '/api/v1/docs/search': result,
    });
    renderTab();
    const box = await screen.findByRole('searchbox', { name: 'Search docs and runbooks' });
    fireEvent.change(box, { target: { value: 'roll back' } });
    const form = box.closest('form');
    if (!form) throw new Error('the search box is not in a form');
    fireEvent.submit(form);
    const link = await screen.findByRole('link', { name: 'Error rate or SLO burn on a service' });
    expect(link.getAttribute('href')).toBe('/runbooks/error-rate');
    expect(screen.getByText('Roll the suspect service back…')).toBeTruthy();
    expect(api.requested).toContain('/api/v1/docs/search?q=roll+back');
  });

  it('says why a service has no docs and how to add them', async () => {
    stubApi({});
    renderTab();
    expect(await screen.findByRole('region', { name: 'No docs for this service' })).toBeTruthy();
    expect(screen.getByText('no /api/v1/services/payment/docs.')).toBeTruthy();
  });
});
