import { z } from 'zod';
import { CAIRN_VERSION } from '../../kernel/version.ts';
import type { RouteDefinition } from './route.ts';

type JsonSchema = Record<string, unknown>;

const ERROR_RESPONSE = { $ref: '#/components/responses/Error' };

/**
 * Builds the OpenAPI 3.1 document from the same route definitions that the server mounts, so the
 * document cannot list a route the server lacks or miss one it serves.
 */
export function buildOpenApiDocument(routes: readonly RouteDefinition[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.hidden) continue;
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = describeOperation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cairn API',
      version: CAIRN_VERSION,
      description:
        'REST API of Cairn. Lists are `{ items: [...] }`; errors are `{ error: { code, message } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'A Cairn token: `cairn token create`.' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
      responses: {
        Error: {
          description: 'Error; the message names the offending field or reason.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}

/** The committed form of the document (docs/openapi.json): stable key order, two-space indent. */
export function serializeOpenApiDocument(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function describeOperation(route: RouteDefinition): JsonSchema {
  const operation: JsonSchema = {
    operationId: operationId(route),
    summary: route.summary,
    tags: route.tags,
    ...(route.description ? { description: route.description } : {}),
    ...(route.auth === 'public' ? { security: [] } : { 'x-cairn-scope': route.auth }),
  };
  const parameters = [...parametersFrom(route.params, 'path'), ...parametersFrom(route.query, 'query')];
  if (parameters.length > 0) operation.parameters = parameters;
  if (route.body) {
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: toSchema(route.body, 'input') } },
    };
  } else if (route.rawBody) {
    operation.requestBody = {
      required: true,
      description: route.rawBody.description,
      content: Object.fromEntries(route.rawBody.contentTypes.map((type) => [type, {}])),
    };
  }
  const success: JsonSchema = { description: route.response.description };
  if (route.response.schema) {
    success.content = {
      [route.response.contentType ?? 'application/json']: {
        schema: toSchema(route.response.schema, 'output'),
      },
    };
  }
  const responses: Record<string, unknown> = { [String(route.response.status)]: success };
  if (route.params || route.query || route.body || route.rawBody) responses['400'] = ERROR_RESPONSE;
  if (route.auth !== 'public') {
    responses['401'] = ERROR_RESPONSE;
    responses['403'] = ERROR_RESPONSE;
  }
  if (route.params) responses['404'] = ERROR_RESPONSE;
  operation.responses = responses;
  return operation;
}

function parametersFrom(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      schema: propertySchema,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return json;
}

function operationId(route: RouteDefinition): string {
  const words = route.url
    .replace(/^\/api\/v1\//, '/')
    .split(/[/{}:.-]+/)
    .filter(Boolean);
  const tail = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return `${route.method.toLowerCase()}${tail}`;
}
