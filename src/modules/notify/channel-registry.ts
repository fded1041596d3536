import type { Logger } from '../../kernel/logger.ts';
import { type ChannelKind, type ChannelTarget, DeliveryError, type IncidentMessage } from './contract.ts';
import { messageFields, messageLines } from './message-format.ts';

/** Sends one message once; throws DeliveryError. Retrying is the notifier's job. */
export type ChannelSender = (message: IncidentMessage, target: ChannelTarget) => Promise<void>;

/** One sender per channel kind: adding a channel is adding an entry. */
export type ChannelRegistry = Record<ChannelKind, ChannelSender>;

/** Builds the registry; `fetchImpl` and `logger` are the only outside effects. */
export function createChannelRegistry(deps: {
  logger: Logger;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}): ChannelRegistry {
  const post = postJson(deps.fetchImpl ?? fetch, deps.timeoutMs ?? 10_000);
  return {
    // Mattermost incoming webhooks take Markdown `text`; `props` travel with the post unrendered.
    mattermost: (message, target) =>
      post(target, {
        username: 'Cairn',
        text: messageLines(message).join('\n'),
        props: { cairn: messageFields(message) },
      }),
    // Slack incoming webhooks take `text` as the fallback and `blocks` for the layout.
    slack: (message, target) => {
      const [headline = '', ...rest] = messageLines(message);
      return post(target, {
        text: headline,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } },
          { type: 'section', text: { type: 'mrkdwn', text: rest.join('\n') } },
        ],
        metadata: { event_type: `cairn_incident_${message.kind}`, event_payload: messageFields(message) },
      });
    },
    log: async (message, target) => {
      deps.logger.info({ channel: target.name, notification: messageFields(message) }, 'notification');
    },
  };
}

function postJson(fetchImpl: typeof fetch, timeoutMs: number) {
  return async (target: ChannelTarget, body: unknown): Promise<void> => {
    if (!target.url) throw new DeliveryError(`channel "${target.name}" has no url`, false);
    let response: Response;
    try {
      response = await fetchImpl(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new DeliveryError(`POST failed: ${cause ?? (error as Error).message}`, true);
    }
    await response.body?.cancel().catch(() => {});
    if (!response.ok) {
      const retryable = response.status === 429 || response.status >= 500;
      throw new DeliveryError(`webhook answered ${response.status}`, retryable);
    }
  };
}
