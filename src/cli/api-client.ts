import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './cli-error.ts';

export interface ApiTarget {
  url: string;
  token: string;
}

export interface ApiTargetOptions {
  url?: string | undefined;
  token?: string | undefined;
  dataDir?: string | undefined;
}

/**
 * Where the CLI's API calls go and with which token: flags, then CAIRN_URL / CAIRN_TOKEN, then the
 * local server's defaults (port and the admin token saved in the data dir).
 */
export function resolveApiTarget(options: ApiTargetOptions, env = process.env): ApiTarget {
  const url = (options.url ?? env.CAIRN_URL ?? `http://localhost:${env.CAIRN_PORT ?? 7420}`).replace(
    /\/$/,
    '',
  );
  const tokenFile = join(options.dataDir ?? env.CAIRN_DATA_DIR ?? './.cairn', 'admin-token');
  const token =
    options.token ??
    env.CAIRN_TOKEN ??
    env.CAIRN_ADMIN_TOKEN ??
    (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
  if (!token) {
    throw new CliError(`no API token: pass --token, set CAIRN_TOKEN, or run where ${tokenFile} exists`);
  }
  return { url, token };
}

/** Calls the Cairn API; a non-2xx answer becomes a CliError carrying the server's message. */
export async function callApi<T>(
  target: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? String(cause?.message ?? (error as Error).message).replace(/^Error: /, '');
    throw new CliError(
      `cannot reach Cairn at ${target.url} (${reason}); is \`cairn up\` running? (--url / CAIRN_URL)`,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      // not JSON: show the text as it came
    }
    throw new CliError(`${method} ${path} failed with ${response.status}: ${message}`);
  }
  // A 2xx with a body is JSON from our own API; the caller states the shape it expects.
  return (text ? JSON.parse(text) : undefined) as T;
}
