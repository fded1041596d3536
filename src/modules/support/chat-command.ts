import { InputError } from '../../kernel/errors.ts';

/** What a chat message asks: help with a question, or closing a request it made earlier. */
export type ChatCommand =
  | { kind: 'ask'; text: string }
  | { kind: 'resolve'; id: string; resolution: 'self-service' | 'platform-team' }
  | { kind: 'usage' };

/** The fields Cairn reads of a Mattermost or Slack slash command / outgoing webhook. */
export interface ChatMessage {
  token: string | undefined;
  asker: string;
  channel: string | null;
  text: string;
}

/**
 * Reads a form-encoded (or, for Mattermost outgoing webhooks, JSON) body: `user_name`,
 * `channel_name`, `team_domain`, `text`, `token`, and `trigger_word` (an outgoing webhook's text
 * starts with it; a slash command's text does not carry the command).
 */
export function parseChatBody(raw: Buffer, contentType: string | undefined): ChatMessage {
  const fields = new Map<string, string>();
  if (contentType?.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw new InputError(`body: invalid JSON (${(error as Error).message})`, 'body');
    }
    if (typeof parsed !== 'object' || parsed === null)
      throw new InputError('body: must be an object', 'body');
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string') fields.set(key, value);
    }
  } else {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) fields.set(key, value);
  }
  const asker = fields.get('user_name');
  if (!asker) throw new InputError('body.user_name: missing', 'body.user_name');
  let text = (fields.get('text') ?? '').trim();
  const trigger = fields.get('trigger_word');
  if (trigger && text.startsWith(trigger)) text = text.slice(trigger.length).trim();
  const channelName = fields.get('channel_name');
  const team = fields.get('team_domain');
  return {
    token: fields.get('token'),
    asker,
    channel: channelName ? (team ? `${team}/${channelName}` : channelName) : null,
    text,
  };
}

/** `resolved <id>`, `escalate <id>`, `help` or nothing → usage; anything else is a question. */
export function parseChatCommand(text: string): ChatCommand {
  const trimmed = text.trim();
  if (trimmed === '' || /^help$/i.test(trimmed)) return { kind: 'usage' };
  const close = /^(resolved|solved|escalate)\s+([A-Za-z0-9_-]{1,64})$/i.exec(trimmed);
  if (close) {
    const verb = (close[1] ?? '').toLowerCase();
    return {
      kind: 'resolve',
      id: close[2] ?? '',
      resolution: verb === 'escalate' ? 'platform-team' : 'self-service',
    };
  }
  return { kind: 'ask', text: trimmed };
}
