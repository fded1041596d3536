import type { AuditEntry } from './contract.ts';

const COLUMNS = [
  'at',
  'actor',
  'actorId',
  'action',
  'target',
  'service',
  'outcome',
  'ip',
  'userAgent',
  'details',
] as const;

/**
 * RFC 4180 CSV of audit entries, one header line. Cells that a spreadsheet would run as a formula
 * (starting with = + - @) are prefixed with a quote, since actor names and user agents come from
 * outside.
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [COLUMNS.join(',')];
  for (const entry of entries) {
    lines.push(
      COLUMNS.map((column) => {
        const value = column === 'details' ? JSON.stringify(entry.details) : entry[column];
        return csvCell(value ?? '');
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
