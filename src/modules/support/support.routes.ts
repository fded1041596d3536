import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../kernel/clock.ts';
import { NotFoundError, UnauthenticatedError, UnavailableError } from '../../kernel/errors.ts';
import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { noteAudit } from '../audit/index.ts';
import { checkSlackHeaders, verifyMattermostToken, verifySlackSignature } from './chat-auth.ts';
import { type ChatMessage, parseChatBody, parseChatCommand } from './chat-command.ts';
import { replyToRequest, replyToResolution, usageReply } from './chat-reply.ts';
import {
  type ChatReply,
  ChatReplySchema,
  CreateSupportRequestSchema,
  ResolveSupportRequestSchema,
  SupportListQuerySchema,
  SupportRequestIdParamsSchema,
  SupportRequestListSchema,
  SupportRequestSchema,
} from './contract.ts';
import type { SupportService } from './support.service.ts';

export interface SupportRoutesDeps {
  support: SupportService;
  mattermostTokens: readonly string[];
  slackSigningSecret: string | undefined;
  clock: Clock;
}

const CHAT_BODY = {
  contentTypes: ['application/x-www-form-urlencoded', 'application/json'],
  description: 'The slash command or outgoing webhook body as the chat server sent it',
};

/** `/platform-help` from Mattermost and Slack, and the same requests through the API. */
export function supportRoutes({
  support,
  mattermostTokens,
  slackSigningSecret,
  clock,
}: SupportRoutesDeps): RouteDefinition[] {
  async function answer(flavour: 'mattermost' | 'slack', message: ChatMessage): Promise<ChatReply> {
    const command = parseChatCommand(message.text);
    switch (command.kind) {
      case 'usage':
        return usageReply();
      case 'ask':
        return replyToRequest(
          flavour,
          await support.ask({
            source: flavour,
            asker: message.asker,
            channel: message.channel,
            text: command.text,
          }),
        );
      case 'resolve':
        try {
          return replyToResolution(await support.resolve(command.id, command.resolution, message.asker));
        } catch (error) {
          // Chat shows a failed command as an opaque error; say what is wrong instead.
          if (error instanceof NotFoundError)
            return { response_type: 'ephemeral', text: `No request \`${command.id}\`.` };
          throw error;
        }
    }
  }
  const contentType = (request: FastifyRequest) => request.headers['content-type']?.toString();
  const raw = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));

  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/integrations/mattermost/platform-help',
      summary: 'Mattermost slash command or outgoing webhook `/platform-help …`',
      description:
        'Authenticated by the `token` field Mattermost sends, which must be in support.mattermostTokens; no bearer token. Answers `{ response_type, text }`.',
      tags: ['support'],
      auth: 'public',
      requestGuard: () => {
        if (mattermostTokens.length === 0) {
          throw new UnavailableError(
            'the Mattermost integration has no token: add the command token to support.mattermostTokens in cairn.yaml',
          );
        }
      },
      rawBody: CHAT_BODY,
      response: { status: 200, description: 'The reply chat shows the asker', schema: ChatReplySchema },
      handler: async ({ body, request }) => {
        const message = parseChatBody(raw(body), contentType(request));
        verifyMattermostToken(mattermostTokens, message.token);
        return answer('mattermost', message);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/integrations/slack/platform-help',
      summary: 'Slack slash command `/platform-help …`',
      description:
        'Authenticated by X-Slack-Signature (v0 HMAC-SHA256 of `v0:<timestamp>:<body>` with support.slackSigningSecret) and a timestamp within five minutes; no bearer token.',
      tags: ['support'],
      auth: 'public',
      requestGuard: (request) => {
        checkSlackHeaders(slackSigningSecret, slackHeaders(request));
      },
      rawBody: CHAT_BODY,
      response: { status: 200, description: 'The reply Slack shows the asker', schema: ChatReplySchema },
      handler: async ({ body, request }) => {
        verifySlackSignature(slackSigningSecret, raw(body), slackHeaders(request), clock.now().getTime());
        return answer('slack', parseChatBody(raw(body), contentType(request)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/support/requests',
      summary: 'Ask the platform for help; answered with matching runbooks, docs and actions',
      tags: ['support'],
      auth: 'read',
      body: CreateSupportRequestSchema,
      response: { status: 201, description: 'The request and its suggestions', schema: SupportRequestSchema },
      handler: async ({ body, principal, request, reply }) => {
        if (!principal) throw new UnauthenticatedError();
        noteAudit(request, { action: 'support.ask' });
        const created = await support.ask({
          source: 'api',
          asker: principal.name,
          channel: body.channel ?? null,
          text: body.text,
        });
        noteAudit(request, { target: `support:${created.id}` });
        reply.status(201);
        return created;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/support/requests/:id/resolve',
      summary: 'Close a request: resolved by what Cairn answered (self-service) or by the platform team',
      tags: ['support'],
      auth: 'read',
      params: SupportRequestIdParamsSchema,
      body: ResolveSupportRequestSchema,
      response: { status: 200, description: 'The request', schema: SupportRequestSchema },
      handler: ({ params, body, principal, request }) => {
        if (!principal) throw new UnauthenticatedError();
        noteAudit(request, { action: 'support.resolve', target: `support:${params.id}` });
        return support.resolve(params.id, body.resolution, principal.name);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/support/requests',
      summary: 'Support requests, newest first, with topic, suggestions and resolution',
      tags: ['support'],
      auth: 'read',
      query: SupportListQuerySchema,
      response: { status: 200, description: 'Requests in [from, to)', schema: SupportRequestListSchema },
      handler: async ({ query }) => ({ items: await support.list(query) }),
    }),
  ];
}

function slackHeaders(request: FastifyRequest) {
  return {
    timestamp: request.headers['x-slack-request-timestamp'],
    signature: request.headers['x-slack-signature'],
  };
}
