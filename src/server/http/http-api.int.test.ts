import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCairn, startInProcess } from '../../../test/support/in-process-cairn.ts';
import { createTempDatabase, postgresAvailable, type TempDatabase } from '../../../test/support/postgres.ts';
import { serializeOpenApiDocument } from './openapi.ts';

const dialects = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(dialects)('HTTP API with the %s state store', (dialect) => {
  let cairn: InProcessCairn;
  let database: TempDatabase | undefined;
  const webDist = mkdtempSync(join(tmpdir(), 'cairn-web-'));

  beforeAll(async () => {
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Cairn test shell</title>');
    writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log("cairn")');
    database = dialect === 'postgres' ? await createTempDatabase() : undefined;
    cairn = await startInProcess({ stateUrl: database?.url, webDistDir: webDist });
  });
  afterAll(async () => {
    await cairn?.close();
    await database?.drop();
  });

  const admin = () => ({ authorization: `Bearer ${cairn.adminToken}` });

  async function createToken(scope: string): Promise<string> {
    const response = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin(),
      payload: { name: `${scope}-token`, scope },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ secret: string }>().secret;
  }

  it('answers 401 with the error body when the token is missing or unknown', async () => {
    const missing = await cairn.app.inject({ method: 'GET', url: '/api/v1/services' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'A valid bearer token is required (Authorization: Bearer <token>)',
      },
    });
    const unknown = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/services',
      headers: { authorization: 'Bearer cairn_0123456789abcdef_nottherealsecretatallxxxxxxxx' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({
      error: { code: 'unauthenticated', message: 'The bearer token is unknown or revoked' },
    });
  });

  it('serves the empty service list to the admin token', async () => {
    const response = await cairn.app.inject({ method: 'GET', url: '/api/v1/services', headers: admin() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });

  it('orders scopes ingest < read < operate < admin and answers 403 naming both scopes', async () => {
    const ingest = await createToken('ingest');
    const read = await createToken('read');
    const denied = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/services',
      headers: { authorization: `Bearer ${ingest}` },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual({
      error: {
        code: 'not_allowed',
        message: 'GET /api/v1/services needs a token with the read scope; token "ingest-token" has ingest',
      },
    });
    const allowed = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/services',
      headers: { authorization: `Bearer ${read}` },
    });
    expect(allowed.statusCode).toBe(200);
    const notAdmin = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${read}` },
      payload: { name: 'more', scope: 'read' },
    });
    expect(notAdmin.statusCode).toBe(403);
    expect(notAdmin.json()).toEqual({
      error: {
        code: 'not_allowed',
        message: 'manage needs a token with the admin scope; token "read-token" has read',
      },
    });
  });

  it('audits a state change refused for its scope, and not a GET refused the same way', async () => {
    const read = await createToken('read');
    const ingest = await createToken('ingest');
    const refusedRead = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/services',
      headers: { authorization: `Bearer ${ingest}` },
    });
    expect(refusedRead.statusCode).toBe(403);
    const refused = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/silences',
      headers: { authorization: `Bearer ${read}` },
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
    const audit = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/audit?outcome=refused',
      headers: admin(),
    });
    const atAuthentication = audit
      .json()
      .items.filter((e: { details: { step?: string } }) => e.details.step === 'authentication');
    expect(
      atAuthentication.map((e: Record<string, unknown>) => [e.actor, e.action, e.target, e.details]),
    ).toEqual([
      [
        'read-token',
        'POST /api/v1/silences',
        '/api/v1/silences',
        {
          error: 'POST /api/v1/silences needs a token with the operate scope; token "read-token" has read',
          step: 'authentication',
        },
      ],
    ]);
  });

  it('rejects bad input with 400 naming the field, and bad JSON with 400', async () => {
    const badScope = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin(),
      payload: { name: 'x', scope: 'root' },
    });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: 'body.scope: Invalid option: expected one of "ingest"|"read"|"operate"|"admin"',
      },
    });
    const badJson = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { ...admin(), 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json<{ error: { code: string } }>().error.code).toBe('invalid_input');
    const badQuery = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=0',
      headers: admin(),
    });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json()).toEqual({
      error: { code: 'invalid_input', message: 'query.limit: Too small: expected number to be >=1' },
    });
  });

  it('revokes tokens, records who did it in the audit log, and 404s unknown ids', async () => {
    const created = await cairn.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin(),
      payload: { name: 'short-lived', scope: 'read' },
    });
    const { token, secret } = created.json<{ token: { id: string }; secret: string }>();
    const revoked = await cairn.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      headers: admin(),
    });
    expect(revoked.statusCode).toBe(204);
    const after = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(after.statusCode).toBe(401);
    const missing = await cairn.app.inject({
      method: 'DELETE',
      url: '/api/v1/tokens/doesnotexist',
      headers: admin(),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'not_found', message: 'token "doesnotexist" does not exist' },
    });
    const audit = await cairn.app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=2&action=token.revoke',
      headers: admin(),
    });
    const [failed, succeeded] = audit.json<{ items: Array<Record<string, unknown>> }>().items;
    expect(failed).toMatchObject({
      target: 'token:doesnotexist',
      outcome: 'failed',
      details: { error: 'token "doesnotexist" does not exist' },
    });
    expect(succeeded).toMatchObject({
      action: 'token.revoke',
      target: `token:${token.id}`,
      actorId: 'token:bootstrap',
      actor: 'admin (bootstrap)',
      outcome: 'succeeded',
    });
  });

  it('publishes a valid OpenAPI 3.1 document listing exactly the routes it serves', async () => {
    const response = await cairn.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ paths: Record<string, Record<string, unknown>> }>();
    const validation = await new Validator().validate(document);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const served = cairn.runtime.routes
      .map((route) => `${route.method} ${route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`)
      .sort();
    expect(documented).toEqual(served);
    if (dialect === 'sqlite') {
      const committed = readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8');
      expect(committed, 'docs/openapi.json is stale: run `npm run openapi`').toBe(
        serializeOpenApiDocument(document),
      );
    }
    for (const route of served) {
      const [method, path] = route.split(' ') as [string, string];
      const probe = await cairn.app.inject({ method: method as 'GET', url: path.replace(/\{[^}]+\}/g, 'x') });
      expect(probe.statusCode, route).not.toBe(404);
    }
  });

  it('answers /healthz, /readyz and /metrics in the Prometheus text format', async () => {
    expect((await cairn.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const readyCount = async () => {
      const text = (await cairn.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line =
        /^cairn_http_requests_total\{listener="main",method="GET",route="\/readyz",status="200"\} (\d+)$/m.exec(
          text,
        );
      return Number(line?.[1] ?? 0);
    };
    const before = await readyCount();
    const ready = await cairn.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', stores: { state: 'ok', telemetry: 'ok' } });
    expect(await readyCount()).toBe(before + 1);
    const metrics = await cairn.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toContain('cairn_process_cpu_user_seconds_total');
    expect(metrics.body).toContain('cairn_store_up{store="state"} 1');
    expect(metrics.body).toContain('cairn_store_up{store="telemetry"} 1');
    expect(metrics.body).toContain(
      'cairn_http_request_duration_seconds_bucket{le="0.005",listener="main",method="GET",route="/readyz"}',
    );
  });

  it('serves the web UI for browser paths and JSON 404s for unknown API paths', async () => {
    const deepLink = await cairn.app.inject({ method: 'GET', url: '/incidents/42?tab=context' });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.body).toBe('<!doctype html><title>Cairn test shell</title>');
    expect(deepLink.headers['cache-control']).toBe('no-store');
    const root = await cairn.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toBe('<!doctype html><title>Cairn test shell</title>');
    const asset = await cairn.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.body).toBe('console.log("cairn")');
    const unknownApi = await cairn.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.json()).toEqual({
      error: { code: 'not_found', message: 'no route GET /api/v1/nothing-here' },
    });
  });
});
