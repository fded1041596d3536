/**
 * Cost of authentication on the request path: authenticated API requests (token lookup in SQLite,
 * constant-time hash compare) against unauthenticated /healthz on the same server, over real HTTP.
 */
import { startInProcess } from '../test/support/in-process-cairn.ts';
import { measureRate, numberArg, report } from './bench-kit.ts';

const requests = numberArg('requests', 4000);
const concurrency = numberArg('concurrency', 16);

const cairn = await startInProcess();
try {
  const address = await cairn.app.listen({ host: '127.0.0.1', port: 0 });
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${address}${path}`, { headers });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    await response.arrayBuffer();
  };
  const auth = { authorization: `Bearer ${cairn.adminToken}` };
  await measureRate(500, concurrency, () => get('/api/v1/me', auth)); // warm-up
  const baseline = await measureRate(requests, concurrency, () => get('/healthz'));
  const authenticated = await measureRate(requests, concurrency, () => get('/api/v1/me', auth));
  report(
    { name: 'GET /api/v1/me (bearer token)', value: authenticated, unit: 'req/s' },
    { name: 'GET /healthz (no auth)', value: baseline, unit: 'req/s' },
    '>= 0.5x',
  );
} finally {
  await cairn.close();
}
