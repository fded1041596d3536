import { CairnError } from '../../kernel/errors.ts';

/**
 * ClickHouse rejected a statement (bad SQL, unknown table, type mismatch). A programming or schema
 * fault rather than a transient one, so it maps to `internal`; the message carries ClickHouse's own
 * words without its stack trace.
 */
export class TelemetryQueryError extends CairnError {
  /** ClickHouse's numeric error code (60 for UNKNOWN_TABLE), when known. */
  readonly clickhouseCode: number | undefined;
  /** ClickHouse's error name (`UNKNOWN_TABLE`), when known. */
  readonly clickhouseName: string | undefined;
  constructor(message: string, clickhouseCode?: number, clickhouseName?: string, options?: ErrorOptions) {
    super('internal', message, options);
    this.clickhouseCode = clickhouseCode;
    this.clickhouseName = clickhouseName;
  }
}

/**
 * Builds a TelemetryQueryError from ClickHouse's message text, which chDB passes through verbatim
 * (`Code: 60. DB::Exception: Unknown table … (UNKNOWN_TABLE) (version …)`) and the server's HTTP
 * interface sends in much the same shape.
 */
export function toTelemetryQueryError(
  text: string,
  code: number | undefined,
  name: string | undefined,
  cause: unknown,
): TelemetryQueryError {
  let detail = text.split(/\n?Stack trace/)[0] ?? text;
  detail = detail.replace(/^Code: \d+\.\s*/, '').replace(/^DB::Exception:\s*/, '');
  detail = detail.replace(/\s*\(version [^)]*\)\s*$/, '');
  const nameInText = /\(([A-Z][A-Z0-9_]+)\)\s*$/.exec(detail);
  const errorName = name ?? nameInText?.[1];
  if (nameInText) detail = detail.slice(0, nameInText.index);
  detail = detail.trim().replace(/[.\s]+$/, '');
  const codeFromText = /^Code: (\d+)\./.exec(text)?.[1];
  const errorCode = code ?? (codeFromText === undefined ? undefined : Number(codeFromText));
  const suffix = [errorName, errorCode === undefined ? undefined : `code ${errorCode}`].filter(Boolean);
  const message = `ClickHouse rejected the statement: ${detail}${suffix.length > 0 ? ` (${suffix.join(', ')})` : ''}`;
  return new TelemetryQueryError(message, errorCode, errorName, { cause });
}
