/**
 * Admission webhook latency: p99 of `POST /api/v1/admission` for a typical pod (three containers,
 * probes, resources, security context) under Cairn's example Pod Security policies (baseline and
 * restricted, required labels, resource limits), over real HTTP, one request at a time as an
 * apiserver sends them per object. Baseline: p99 of `GET /api/v1/me` (the same auth path with no
 * policy work) on the same server in the same run. Target: under 100 ms p99.
 */
import { AdmissionReviewRequestSchema } from '../src/modules/policy/contract.ts';
import { createAdmissionService, loadPolicySet } from '../src/modules/policy/index.ts';
import { startInProcess } from '../test/support/in-process-cairn.ts';
import { numberArg, percentile, report } from './bench-kit.ts';

const requests = numberArg('requests', 2000);
const policies = new URL('../examples/policies/', import.meta.url).pathname;

const container = (name: string) => ({
  name,
  image: `registry.example.com/shop/${name}:1.4.2`,
  ports: [{ containerPort: 8080 }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
});
const review = (i: number) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: `bench-${i}`,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    operation: 'CREATE',
    namespace: 'shop',
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `checkout-${i}`,
        labels: { 'app.kubernetes.io/name': 'checkout', 'app.kubernetes.io/owner': 'payments' },
      },
      spec: { containers: [container('checkout'), container('envoy'), container('log-shipper')] },
    },
  },
});

const policyPaths = [
  'pss-baseline.yaml',
  'pss-restricted.yaml',
  'required-labels.yaml',
  'resource-limits.yaml',
].map((f) => `${policies}${f}`);

// The policy work alone, without HTTP: what the webhook adds to a request.
const policySet = loadPolicySet(policyPaths);
const service = createAdmissionService({ policies: () => policySet });
const evaluationMs: number[] = [];
for (let i = 0; i < requests + 200; i++) {
  const body = AdmissionReviewRequestSchema.parse(review(i));
  const started = performance.now();
  const decision = service.review(body);
  if (i >= 200) evaluationMs.push(performance.now() - started);
  if (!decision.response.allowed) throw new Error(`typical pod denied: ${decision.response.status?.message}`);
}

const cairn = await startInProcess({ policyPaths });
try {
  const address = await cairn.app.listen({ host: '127.0.0.1', port: 0 });
  const auth = { authorization: `Bearer ${cairn.adminToken}` };
  const timed = async (request: () => Promise<Response>): Promise<number> => {
    const started = performance.now();
    const response = await request();
    const body = await response.text();
    if (response.status !== 200) throw new Error(`answered ${response.status}: ${body}`);
    return performance.now() - started;
  };
  const admit = (i: number) =>
    timed(() =>
      fetch(`${address}/api/v1/admission`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(review(i)),
      }),
    );
  const me = () => timed(() => fetch(`${address}/api/v1/me`, { headers: auth }));
  for (let i = 0; i < 200; i++) await admit(i); // warm-up: JIT, compiled-expression cache
  const baseline: number[] = [];
  const subject: number[] = [];
  for (let i = 0; i < requests; i++) {
    // Interleaved, so both see the same machine load.
    baseline.push(await me());
    subject.push(await admit(i));
  }
  report(
    {
      name: 'POST /api/v1/admission p99 (typical pod, 4 policies)',
      value: percentile(subject, 99),
      unit: 'ms',
    },
    { name: 'GET /api/v1/me p99', value: percentile(baseline, 99), unit: 'ms' },
    '< 100 ms p99',
  );
  process.stdout.write(
    `policy evaluation alone: p50 ${percentile(evaluationMs, 50).toFixed(3)} ms, p99 ${percentile(evaluationMs, 99).toFixed(3)} ms\n`,
  );
  process.stdout.write(
    `admission p50 ${percentile(subject, 50).toFixed(2)} ms, p99 ${percentile(subject, 99).toFixed(2)} ms over ${requests} requests\n`,
  );
} finally {
  await cairn.close();
}
