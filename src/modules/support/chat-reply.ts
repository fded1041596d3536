import type { ChatReply, SupportRequest } from './contract.ts';

/** `/platform-help` as people type it; the reply teaches the follow-up commands. */
const COMMAND = '/platform-help';

type Flavour = 'mattermost' | 'slack';

/** A link as each chat renders it: Markdown in Mattermost, `<url|title>` in Slack. */
function link(flavour: Flavour, title: string, url: string): string {
  return flavour === 'slack'
    ? `<${url}|${title.replace(/[|>]/g, ' ')}>`
    : `[${title.replace(/[[\]]/g, ' ')}](${url})`;
}

/** The answer to a question: what may help, and how to close the request. Only the asker sees it. */
export function replyToRequest(flavour: Flavour, request: SupportRequest): ChatReply {
  const lines = [`Recorded your request \`${request.id}\` (topic: ${request.topic}).`];
  if (request.suggestions.length === 0) {
    lines.push('Cairn found no runbook, doc or action for it; the platform team will pick it up.');
  } else {
    lines.push('These may help:');
    for (const suggestion of request.suggestions) {
      lines.push(`• ${suggestion.kind}: ${link(flavour, suggestion.title, suggestion.url)}`);
    }
  }
  lines.push(
    `Solved it? \`${COMMAND} resolved ${request.id}\` · Need a person? \`${COMMAND} escalate ${request.id}\``,
  );
  return { response_type: 'ephemeral', text: lines.join('\n') };
}

export function replyToResolution(request: SupportRequest): ChatReply {
  return {
    response_type: 'ephemeral',
    text:
      request.resolution === 'self-service'
        ? `Request \`${request.id}\` marked resolved. Thanks for letting us know!`
        : `Request \`${request.id}\` handed to the platform team.`,
  };
}

export function usageReply(): ChatReply {
  return {
    response_type: 'ephemeral',
    text: `Ask the platform: \`${COMMAND} how do I roll back payment?\`. Then \`${COMMAND} resolved <id>\` when it is solved, or \`${COMMAND} escalate <id>\` to reach the platform team.`,
  };
}
