/**
 * The signed webhook executor: a JSON POST to any automation (a script behind an HTTP endpoint,
 * a workflow engine), signed like GitHub signs its webhooks but with the timestamp inside the MAC.
 * The automation answers 2xx and later reports log lines and its outcome through
 * `POST /api/v1/runs/{id}/report`; it may also answer at once with `{"status":"succeeded"|"failed"}`.
 */
import { z } from 'zod';
import { type ActionExecutor, type ExecutionOutcome, ExecutorError } from './executor.ts';
import { signedHeaders } from './webhook-signature.ts';

export const WebhookSettingsSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).describe('Where the signed POST goes'),
    headers: z.record(z.string(), z.string()).default({}).describe('Extra headers, e.g. a routing key'),
    payload: z.record(z.string(), z.unknown()).default({}).describe('Extra fields merged into the body'),
  })
  .strict();

export interface WebhookExecutorDeps {
  /** `actions.webhook.signingSecret`; without it the executor refuses to call out. */
  signingSecret: string | undefined;
  /** Cairn's public base URL, for the report address in the body. */
  publicUrl: () => string;
  now?: () => number;
  /** How long the POST itself may take before it counts as failed. */
  requestTimeoutMs?: number;
}

const ImmediateAnswer = z.object({
  status: z.enum(['succeeded', 'failed']),
  message: z.string().default(''),
});

export function createWebhookExecutor(
  deps: WebhookExecutorDeps,
): ActionExecutor<typeof WebhookSettingsSchema> {
  const now = deps.now ?? Date.now;
  return {
    kind: 'webhook',
    settingsSchema: WebhookSettingsSchema,
    async execute(context): Promise<ExecutionOutcome> {
      if (!deps.signingSecret) {
        throw new ExecutorError('the webhook executor needs actions.webhook.signingSecret in cairn.yaml');
      }
      const body = JSON.stringify({
        ...context.settings.payload,
        runId: context.runId,
        action: context.actionId,
        service: context.service,
        inputs: context.inputs,
        actor: context.actor,
        reportUrl: `${deps.publicUrl()}/api/v1/runs/${encodeURIComponent(context.runId)}/report`,
      });
      context.log(`POST ${context.settings.url}`);
      let response: Response;
      try {
        response = await fetch(context.settings.url, {
          method: 'POST',
          headers: {
            ...context.settings.headers,
            'content-type': 'application/json',
            'x-cairn-run-id': context.runId,
            ...signedHeaders(deps.signingSecret, body, now()),
          },
          body,
          signal: AbortSignal.any([context.signal, AbortSignal.timeout(deps.requestTimeoutMs ?? 30_000)]),
        });
      } catch (error) {
        if (context.signal.aborted) throw error;
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        throw new ExecutorError(`POST ${context.settings.url} failed: ${cause ?? (error as Error).message}`);
      }
      const text = await response.text();
      if (!response.ok) {
        throw new ExecutorError(`${context.settings.url} answered ${response.status}: ${text.slice(0, 500)}`);
      }
      context.log(`${context.settings.url} answered ${response.status}; waiting for its report`);
      const immediate = parseImmediate(text);
      if (immediate) return { outcome: immediate.status, message: immediate.message };
      return context.waitForReport();
    },
  };
}

function parseImmediate(text: string): z.infer<typeof ImmediateAnswer> | null {
  try {
    const parsed = ImmediateAnswer.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
