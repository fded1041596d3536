import type { FeedbackItem } from './contract.ts';

const COLUMNS = ['at', 'kind', 'where', 'rating', 'score', 'comment', 'author', 'teams'] as const;

/**
 * RFC 4180 CSV of feedback, one header line. Cells a spreadsheet would run as a formula (starting
 * with = + - @) get a leading quote: comments are free text from anyone.
 */
export function feedbackCsv(items: readonly FeedbackItem[]): string {
  const lines = [COLUMNS.join(',')];
  for (const item of items) {
    lines.push(
      COLUMNS.map((column) => {
        const value = item[column];
        if (value === null) return '';
        return csvCell(Array.isArray(value) ? value.join(' ') : String(value));
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
