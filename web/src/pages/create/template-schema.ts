/**
 * Turns a Backstage template's parameter pages into one JSON Schema and one rjsf uiSchema: `ui:*`
 * keys move from the properties to the uiSchema (as Backstage's frontend does), pages are merged in
 * order (their `required` lists and `dependencies` too).
 */
export type JsonObject = Record<string, unknown>;

export interface FormSchemas {
  schema: JsonObject;
  uiSchema: JsonObject;
}

function splitUi(property: JsonObject): { schema: JsonObject; ui: JsonObject } {
  const schema: JsonObject = {};
  const ui: JsonObject = {};
  for (const [key, value] of Object.entries(property)) {
    if (key.startsWith('ui:')) ui[key] = value;
    else schema[key] = value;
  }
  return { schema, ui };
}

export function formSchemas(pages: JsonObject[]): FormSchemas {
  const properties: JsonObject = {};
  const uiSchema: JsonObject = {};
  const required: string[] = [];
  const dependencies: JsonObject = {};
  for (const page of pages) {
    const pageProperties = (page.properties ?? {}) as Record<string, JsonObject>;
    for (const [name, property] of Object.entries(pageProperties)) {
      const { schema, ui } = splitUi(property);
      properties[name] = schema;
      if (Object.keys(ui).length > 0) uiSchema[name] = ui;
    }
    if (Array.isArray(page.required)) required.push(...(page.required as string[]));
    if (page.dependencies && typeof page.dependencies === 'object')
      Object.assign(dependencies, page.dependencies);
  }
  return {
    schema: {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}),
    },
    uiSchema,
  };
}

/** `host?owner=o&repo=r` from its parts, and back. */
export function repoUrlOf(parts: { host: string; owner: string; repo: string }): string {
  const query = new URLSearchParams({ owner: parts.owner, repo: parts.repo });
  return `${parts.host}?${query.toString()}`;
}

export function repoUrlParts(value: unknown): { host: string; owner: string; repo: string } {
  if (typeof value !== 'string' || !value) return { host: '', owner: '', repo: '' };
  const [host = '', query = ''] = value.split('?');
  const params = new URLSearchParams(query);
  return { host, owner: params.get('owner') ?? '', repo: params.get('repo') ?? '' };
}
