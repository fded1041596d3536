import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient } from './api/query-client.ts';

/**
 * A stand-in for the Cairn API in unit tests (jsdom has no server): answers each path from
 * `answers` (by pathname) and records every URL asked for, and the method and JSON body of every
 * request that is not a GET.
 */
export function stubApi(answers: Record<string, unknown>): {
  requested: string[];
  sent: Array<{ method: string; path: string; body: unknown }>;
} {
  const requested: string[] = [];
  const sent: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://cairn.test');
    requested.push(`${url.pathname}${url.search}`);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET') {
      sent.push({ method, path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    }
    if (!(url.pathname in answers)) {
      return new Response(JSON.stringify({ error: { code: 'not_found', message: `no ${url.pathname}` } }), {
        status: 404,
      });
    }
    return new Response(JSON.stringify(answers[url.pathname]), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return { requested, sent };
}

/** Renders `children` as the app does: one query cache, a router at `path`. */
export function AppProviders({ children, path = '/' }: { children: ReactNode; path?: string }) {
  return (
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[path]}>{children}</MemoryRouter>
    </QueryClientProvider>
  );
}
