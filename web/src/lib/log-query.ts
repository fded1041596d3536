/**
 * The logs search box language: free words must all appear in the body; `service:checkout`,
 * `severity:error` (minimum), `trace:<32 hex>` and `key=value` (a log or resource attribute) narrow
 * the search. Quoted values keep their spaces: `http.route="/api/cart"`.
 */
export interface LogQuery {
  words: string[];
  service?: string;
  severity?: string;
  traceId?: string;
  attributes: Record<string, string>;
}

const TOKEN = /(\S+?)(=|:)"([^"]*)"|"([^"]*)"|(\S+)/g;

/** Parses the search box text into the API's parameters. */
export function parseLogQuery(text: string): LogQuery {
  const query: LogQuery = { words: [], attributes: {} };
  for (const match of text.matchAll(TOKEN)) {
    const [, quotedKey, quotedOp, quotedValue, quotedWord, bare] = match;
    let key: string | undefined;
    let op: string | undefined;
    let value: string | undefined;
    if (quotedKey !== undefined) {
      key = quotedKey;
      op = quotedOp;
      value = quotedValue;
    } else if (quotedWord !== undefined) {
      query.words.push(quotedWord);
      continue;
    } else if (bare !== undefined) {
      const kv = /^([\w.@-]+)(=|:)(.+)$/.exec(bare);
      if (!kv) {
        query.words.push(bare);
        continue;
      }
      [, key, op, value] = kv;
    }
    if (key === undefined || value === undefined) continue;
    const lower = key.toLowerCase();
    if (op === ':' && lower === 'service') query.service = value;
    else if (op === ':' && (lower === 'severity' || lower === 'level')) query.severity = value.toLowerCase();
    else if (op === ':' && (lower === 'trace' || lower === 'traceid')) query.traceId = value.toLowerCase();
    else if (op === '=') query.attributes[key.replace(/^attr\./, '')] = value;
    else query.words.push(`${key}${op}${value}`);
  }
  return query;
}

/** The `/api/v1/logs` query parameters for a parsed search. */
export function logQueryParams(query: LogQuery): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {
    q: query.words.length ? query.words.join(' ') : undefined,
    service: query.service,
    severity: query.severity,
    traceId: query.traceId,
  };
  for (const [key, value] of Object.entries(query.attributes)) params[`attr.${key}`] = value;
  return params;
}
