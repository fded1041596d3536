import { PageHeader } from '../../components/page-header.tsx';

interface Integration {
  id: string;
  title: string;
  intro: string;
  snippet: (origin: string, otlp: string) => string;
}

/** OTLP goes to the extra OTLP port (4318 by default) on the same host; the main port serves it too. */
function otlpOrigin(origin: string): string {
  const url = new URL(origin);
  url.port = '4318';
  return url.origin;
}

const INTEGRATIONS: readonly Integration[] = [
  {
    id: 'otel-sdk',
    title: 'OpenTelemetry SDK',
    intro: 'Environment variables for any OpenTelemetry SDK (OTLP/HTTP). Use a token with the ingest scope.',
    snippet: (_origin, otlp) =>
      `OTEL_EXPORTER_OTLP_ENDPOINT=${otlp}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nOTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20<ingest token>\nOTEL_SERVICE_NAME=<your service>`,
  },
  {
    id: 'otel-collector',
    title: 'OpenTelemetry Collector',
    intro:
      'An otlphttp exporter in the Collector configuration, used by the traces, logs and metrics pipelines.',
    snippet: (_origin, otlp) =>
      `exporters:\n  otlphttp/cairn:\n    endpoint: ${otlp}\n    headers:\n      Authorization: "Bearer <ingest token>"\nservice:\n  pipelines:\n    traces:  { exporters: [otlphttp/cairn] }\n    logs:    { exporters: [otlphttp/cairn] }\n    metrics: { exporters: [otlphttp/cairn] }`,
  },
  {
    id: 'prometheus',
    title: 'Prometheus remote_write',
    intro: 'In prometheus.yml; Cairn speaks remote write 1.0.',
    snippet: (origin) =>
      `remote_write:\n  - url: ${origin}/api/v1/write\n    authorization:\n      credentials: <ingest token>`,
  },
  {
    id: 'alertmanager',
    title: 'Alertmanager',
    intro:
      'A webhook receiver in alertmanager.yml; route the alerts Cairn should group into incidents to it.',
    snippet: (origin) =>
      `receivers:\n  - name: cairn\n    webhook_configs:\n      - url: ${origin}/api/v1/integrations/alertmanager\n        send_resolved: true\n        http_config:\n          authorization:\n            credentials: <ingest token>`,
  },
  {
    id: 'github',
    title: 'GitHub',
    intro:
      'Repository or organisation webhook (Settings → Webhooks): content type application/json, the secret set as integrations.github.webhookSecret in cairn.yaml, events: Deployments, Deployment statuses, Pushes, Releases, Workflow runs.',
    snippet: (origin) =>
      `Payload URL:  ${origin}/api/v1/integrations/github\nContent type: application/json\nSecret:       <integrations.github.webhookSecret>`,
  },
  {
    id: 'argocd',
    title: 'Argo CD',
    intro:
      'A webhook service and template in argocd-notifications-cm; subscribe applications to on-deployed and on-sync-failed.',
    snippet: (origin) =>
      `service.webhook.cairn: |\n  url: ${origin}/api/v1/integrations/argocd\n  headers:\n    - name: Authorization\n      value: Bearer <ingest token>\ntemplate.cairn-sync: |\n  webhook:\n    cairn:\n      method: POST\n      body: |\n        {"app": "{{.app.metadata.name}}", "revision": "{{.app.status.sync.revision}}",\n         "phase": "{{.app.status.operationState.phase}}", "url": "{{.context.argocdUrl}}/applications/{{.app.metadata.name}}"}`,
  },
  {
    id: 'jenkins',
    title: 'Jenkins',
    intro: 'With the Notification plugin, or a post step in a Jenkinsfile.',
    snippet: (origin) =>
      `post {\n  always {\n    httpRequest url: '${origin}/api/v1/integrations/jenkins',\n      httpMode: 'POST', contentType: 'APPLICATION_JSON',\n      customHeaders: [[name: 'Authorization', value: "Bearer \${CAIRN_TOKEN}", maskValue: true]],\n      requestBody: groovy.json.JsonOutput.toJson([name: env.JOB_NAME, build: [number: env.BUILD_NUMBER as int,\n        phase: 'COMPLETED', status: currentBuild.currentResult, full_url: env.BUILD_URL]])\n  }\n}`,
  },
  {
    id: 'changes-api',
    title: 'Any pipeline (changes API)',
    intro: 'Record a deploy from any CI with one request (or `cairn change record`).',
    snippet: (origin) =>
      `curl -X POST ${origin}/api/v1/changes \\\n  -H 'Authorization: Bearer <token>' -H 'Content-Type: application/json' \\\n  -d '{"service":"checkout","kind":"deploy","version":"1.4.2","author":"ci"}'`,
  },
];

/** Every URL and snippet to paste into the tools that feed Cairn, built from this server's address. */
export function IntegrationsPage() {
  const origin = window.location.origin;
  const otlp = otlpOrigin(origin);
  return (
    <>
      <PageHeader
        title="Integrations"
        description={
          <>
            Copy these into each tool. Tokens are created under{' '}
            <a href="/settings/tokens">Settings → Tokens</a>; OTLP also works on this address ({origin}) when
            port 4318 is not reachable.
          </>
        }
      />
      {INTEGRATIONS.map((integration) => {
        const text = integration.snippet(origin, otlp);
        return (
          <section key={integration.id} className="card" aria-labelledby={`int-${integration.id}`}>
            <div className="card-head">
              <h2 id={`int-${integration.id}`}>{integration.title}</h2>
              <button
                type="button"
                className="button button-small"
                onClick={() => void navigator.clipboard?.writeText(text)}
              >
                Copy
              </button>
            </div>
            <p className="muted">{integration.intro}</p>
            <pre className="snippet">
              <code>{text}</code>
            </pre>
          </section>
        );
      })}
    </>
  );
}
