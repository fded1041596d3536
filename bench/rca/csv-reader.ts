import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Streams a CSV file (RFC 4180: quoted fields, `""` escapes, newlines inside quotes) as records
 * keyed by the header row. Small on purpose: the dataset files are plain exports.
 */
export async function* readCsv(path: string): AsyncGenerator<Record<string, string>> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let header: string[] | undefined;
  let pending = '';
  for await (const line of lines) {
    pending = pending === '' ? line : `${pending}\n${line}`;
    if (!balanced(pending)) continue;
    const fields = splitRecord(pending);
    pending = '';
    if (!header) {
      header = fields;
      continue;
    }
    const record: Record<string, string> = {};
    header.forEach((name, i) => {
      record[name] = fields[i] ?? '';
    });
    yield record;
  }
}

/** A record is complete when its quotes are balanced. */
function balanced(text: string): boolean {
  let quotes = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 34) quotes++;
  return quotes % 2 === 0;
}

function splitRecord(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
