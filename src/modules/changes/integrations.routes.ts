import { z } from 'zod';
import { InputError } from '../../kernel/errors.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { sendRecorded } from './changes.routes.ts';
import type { ChangeService } from './changes.service.ts';
import { CHANGE_STATUSES, IntegrationResultSchema } from './contract.ts';
import { changeParsers, type TerraformServiceMap } from './parsers/index.ts';
import { checkGithubSignatureHeader, verifyGithubSignature } from './webhook-auth.ts';

export interface IntegrationRoutesDeps {
  changes: ChangeService;
  githubWebhookSecret: string | undefined;
  /**
   * A verified GitHub push: the config sources following that repository and ref are read now,
   * not at their next poll. Not awaited: GitHub gives a delivery ten seconds.
   */
  onGithubPush?: (repositoryUrls: string[], ref: string | null) => Promise<unknown>;
  /** The catalog's Terraform mapping (module paths, `Resource` entities), read per request. */
  terraformServices?: () => Promise<TerraformServiceMap>;
}

/** Body of `POST /api/v1/integrations/github/import`. */
const GithubImportSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            event: z.enum(['deployment_status', 'release', 'push']),
            id: z.string().trim().min(1).max(400).describe('Key used when the payload names no GitHub id'),
            payload: z.record(z.string(), z.unknown()),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();

const RESPONSE = {
  status: 201,
  description: 'Recorded (201); a replay (200, the first change) or ignored with its reason (200)',
  schema: IntegrationResultSchema,
};

/** Webhooks of the change sources that push to Cairn: GitHub, Argo CD, Jenkins, Terraform. */
export function integrationRoutes({
  changes,
  githubWebhookSecret,
  onGithubPush,
  terraformServices,
}: IntegrationRoutesDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/integrations/github',
      summary: 'GitHub webhook: deployment_status, workflow_run, push, release (and deployment, ignored)',
      description:
        'Authenticated by X-Hub-Signature-256 (HMAC of the raw body with integrations.github.webhookSecret); no bearer token. The same X-GitHub-Delivery twice records one change.',
      tags: ['changes'],
      auth: 'public',
      // Refused on its headers alone (no secret configured, no signature) before the body is read.
      requestGuard: (request) => {
        checkGithubSignatureHeader(githubWebhookSecret, request.headers['x-hub-signature-256']);
      },
      rawBody: {
        contentTypes: ['application/json'],
        description: 'The webhook payload exactly as GitHub sent it',
      },
      response: RESPONSE,
      handler: async ({ request, reply, body }) => {
        const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        verifyGithubSignature(githubWebhookSecret, raw, request.headers['x-hub-signature-256']);
        const event = header(request.headers['x-github-event'], 'X-GitHub-Event');
        const deliveryId = header(request.headers['x-github-delivery'], 'X-GitHub-Delivery');
        let payload: unknown;
        try {
          payload = JSON.parse(raw.toString('utf8'));
        } catch (error) {
          throw new InputError(`body: invalid JSON (${(error as Error).message})`, 'body');
        }
        if (event === 'push' && onGithubPush) {
          const push = pushedRepository(payload);
          if (push)
            onGithubPush(push.urls, push.ref).catch((error: unknown) =>
              request.log.warn({ err: error }, 'config sync after push failed'),
            );
        }
        const result = await changes.recordParsed(changeParsers.github({ event, deliveryId, payload }));
        return sendRecorded(reply, result);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/integrations/github/import',
      summary:
        'GitHub history (`cairn import github`): deployment statuses, releases and pushes as webhook payloads',
      description:
        'Each item is what the GitHub webhook of that event would carry, built from the REST API; the same rules record it. Keys come from what GitHub identifies (status, release, pushed head), so a re-import, or an import of what a webhook already delivered, records nothing twice. Send `Authorization: Bearer <Cairn token with the ingest scope>`.',
      tags: ['changes'],
      auth: 'ingest',
      body: GithubImportSchema,
      response: {
        status: 200,
        description: 'One result per item, in order',
        schema: z.object({ results: z.array(IntegrationResultSchema) }),
      },
      handler: async ({ body }) => {
        // Every item is parsed before any is recorded: a bad one (400 naming it) records nothing.
        const outcomes = body.items.map((item, index) => {
          try {
            return changeParsers.github({ event: item.event, deliveryId: item.id, payload: item.payload });
          } catch (error) {
            if (error instanceof InputError) {
              throw new InputError(
                error.message.replace(/^body/, `body.items.${index}.payload`),
                `body.items.${index}.payload`,
              );
            }
            throw error;
          }
        });
        const results = [];
        for (const outcome of outcomes) results.push(await changes.recordParsed(outcome));
        return { results };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/integrations/argocd',
      summary: 'Argo CD notifications webhook (the template in docs/changes.md)',
      description:
        'Send `Authorization: Bearer <Cairn token with the ingest scope>` from the webhook service.',
      tags: ['changes'],
      auth: 'ingest',
      body: z.unknown(),
      response: RESPONSE,
      handler: async ({ body, reply }) => {
        const result = await changes.recordParsed(changeParsers.argocd(body));
        return sendRecorded(reply, result);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/integrations/jenkins',
      summary: 'Jenkins Notification plugin webhook (JSON format)',
      description:
        'The plugin cannot set headers: put a Cairn token with the ingest scope in the URL (`?token=`), or send Authorization: Bearer.',
      tags: ['changes'],
      auth: 'ingest',
      queryToken: 'token',
      query: z.object({ token: z.string().optional().describe('Cairn token with the ingest scope') }),
      body: z.unknown(),
      response: RESPONSE,
      handler: async ({ body, reply }) => {
        const result = await changes.recordParsed(changeParsers.jenkins(body));
        return sendRecorded(reply, result);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/integrations/terraform',
      summary: 'Terraform: `terraform show -json` of a plan or state, or an HCP Terraform run notification',
      description:
        "Records `infra` changes listing the resources changed: one per service a resource concerns — named by its `cairn.dev/service` tag or label, else by the catalog (a service's `cairn.dev/terraform-modules`, or a `Resource` with `cairn.dev/terraform-addresses` the service `dependsOn`) — the others under the workspace (mapped through the `terraform.io/workspace` catalog annotation). Send `Authorization: Bearer <Cairn token with the ingest scope>`; `cairn change record-terraform` does it from CI.",
      tags: ['changes'],
      auth: 'ingest',
      query: z
        .object({
          workspace: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .describe('Terraform workspace (default `default`)'),
          environment: z.string().trim().min(1).max(100).optional().describe('Default `production`'),
          author: z.string().trim().min(1).max(200).optional().describe('Who ran it'),
          status: z.enum(CHANGE_STATUSES).optional().describe('How the apply went (default succeeded)'),
          url: z.url().max(2000).optional().describe('Link to the pipeline run'),
        })
        .strict(),
      body: z.unknown(),
      response: {
        status: 201,
        description: 'Recorded (201) or all replays/ignored (200): one result per service the run touched',
        schema: z.object({ results: z.array(IntegrationResultSchema) }),
      },
      handler: async ({ body, query, reply }) => {
        const services = await terraformServices?.();
        const outcomes = changeParsers.terraform({ payload: body, context: { ...query, services } });
        const results = [];
        for (const outcome of outcomes) results.push(await changes.recordParsed(outcome));
        reply.code(results.some((r) => r.outcome === 'recorded') ? 201 : 200);
        return reply.send({ results });
      },
    }),
  ];
}

function header(value: string | string[] | undefined, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`header ${name} is required (GitHub sends it with every delivery)`, name);
  }
  return value.trim();
}

/** The URLs a push payload names its repository by, and the pushed ref. */
function pushedRepository(payload: unknown): { urls: string[]; ref: string | null } | null {
  const parsed = z
    .object({
      ref: z.string().optional(),
      repository: z.object({
        clone_url: z.string().optional(),
        ssh_url: z.string().optional(),
        html_url: z.string().optional(),
        git_url: z.string().optional(),
      }),
    })
    .safeParse(payload);
  if (!parsed.success) return null;
  const { clone_url, ssh_url, html_url, git_url } = parsed.data.repository;
  const urls = [clone_url, ssh_url, html_url, git_url].filter((url): url is string => Boolean(url));
  return urls.length > 0 ? { urls, ref: parsed.data.ref ?? null } : null;
}
