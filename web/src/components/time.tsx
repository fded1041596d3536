const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const preciseFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
});

/** Formats an instant as `2025-03-04 05:06:07 UTC`. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * An instant in the user's time zone, with the UTC time on hover (`title`). Renders the raw value
 * when it is not a valid date, rather than "Invalid Date". `precise` shows seconds and milliseconds
 * (logs, spans).
 */
export function Time({ value, precise = false }: { value: string | Date; precise?: boolean }) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{String(value)}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatUtc(date)}>
      {(precise ? preciseFormat : localFormat).format(date)}
    </time>
  );
}
