import type { InProcessCairn } from '../support/in-process-cairn.ts';

/** GETs an API path on an in-process Cairn with the admin token; returns status and parsed body. */
export async function apiGet<T = unknown>(
  cairn: InProcessCairn,
  url: string,
): Promise<{ status: number; body: T }> {
  const response = await cairn.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${cairn.adminToken}` },
  });
  // The API answers JSON on every route these tests call; a test asserts the shape it expects.
  return { status: response.statusCode, body: response.json() as T };
}

/** `?from=…&to=…` for a window. */
export function rangeQuery(from: Date, to: Date): string {
  return `from=${from.toISOString()}&to=${to.toISOString()}`;
}
