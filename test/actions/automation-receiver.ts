/**
 * A real HTTP automation on loopback for the webhook executor: it checks the signature of every
 * call, records it, and (per path) reports back through Cairn's run API, answers with an error,
 * or never reports.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedHeaders, verifySignedRequest } from '../../src/modules/actions/index.ts';

export interface ReceivedCall {
  path: string;
  body: {
    runId: string;
    action: string;
    service: string | null;
    inputs: Record<string, unknown>;
    actor: { name: string; email: string | null };
    reportUrl: string;
  };
  signatureValid: boolean;
}

export interface AutomationReceiver {
  url: string;
  calls: ReceivedCall[];
  /** Resolves once every report begun so far has been answered or has failed. */
  reportsSent(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The commit an `/ok` automation says it rolled out for `version` (a stand-in sha, the same every time). */
export function revisionOf(version: string): string {
  return createHash('sha1').update(`deploy ${version}`).digest('hex');
}

/** Sends a signed report to Cairn as an automation would. */
export async function sendReport(secret: string, reportUrl: string, report: unknown): Promise<Response> {
  const body = JSON.stringify(report);
  return fetch(reportUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(secret, body, Date.now()) },
    body,
  });
}

/**
 * Paths: `/sync` answers succeeded at once; `/ok` reports two log lines then succeeded with the version it set (and its revision); `/fail` answers 500
 * with the tool's words; `/hang` accepts and never reports.
 */
export async function startAutomationReceiver(secret: string): Promise<AutomationReceiver> {
  const calls: ReceivedCall[] = [];
  // Reports go out after the call is answered, so a test can end while one is on its way: its
  // world waits for them before it stops Cairn, and a failed one is the test's to see, not an
  // unhandled rejection.
  const pendingReports = new Set<Promise<unknown>>();
  const server: Server = createServer(async (request, response) => {
    const raw = await readBody(request);
    let signatureValid = true;
    try {
      verifySignedRequest(secret, request.headers, raw, Date.now());
    } catch {
      signatureValid = false;
    }
    const body = JSON.parse(raw.toString('utf8')) as ReceivedCall['body'];
    const path = request.url ?? '/';
    calls.push({ path, body, signatureValid });
    if (!signatureValid) {
      response.writeHead(401).end('bad signature');
      return;
    }
    if (path === '/sync') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"status":"succeeded","message":"done at once"}');
      return;
    }
    if (path === '/fail') {
      response
        .writeHead(500, { 'content-type': 'text/plain' })
        .end('deploy refused: quota exceeded for team-orders');
      return;
    }
    response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    if (path === '/ok') {
      const reported = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await sendReport(secret, body.reportUrl, {
          logs: [`setting ${body.service} to ${String(body.inputs.version ?? body.inputs.replicas)}`],
        });
        await sendReport(secret, body.reportUrl, {
          status: 'succeeded',
          message: 'done',
          logs: ['applied'],
          links: [{ title: 'automation run', url: 'https://automation.example/runs/1' }],
          ...(typeof body.inputs.version === 'string'
            ? {
                change: {
                  version: body.inputs.version,
                  summary: `set to ${body.inputs.version}`,
                  revision: revisionOf(body.inputs.version),
                },
              }
            : {}),
        });
      })();
      pendingReports.add(reported);
      reported.then(
        () => pendingReports.delete(reported),
        () => pendingReports.delete(reported),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // a TCP listener's address
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    reportsSent: async () => {
      await Promise.allSettled([...pendingReports]);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
