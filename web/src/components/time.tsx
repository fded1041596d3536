const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Formats an instant as `2025-03-04 05:06:07 UTC`. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * An instant in the user's time zone, with the UTC time on hover (`title`). Renders the raw value
 * when it is not a valid date, rather than "Invalid Date".
 */
export function Time({ value }: { value: string | Date }) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{String(value)}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatUtc(date)}>
      {localFormat.format(date)}
    </time>
  );
}
