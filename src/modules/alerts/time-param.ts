import { InputError } from '../../kernel/errors.ts';

const EPOCH_MS = /^\d{1,15}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** `from`/`to` query values: RFC 3339 with an offset or epoch milliseconds; InputError naming the field. */
export function parseTimeQuery(value: string | undefined, field: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = EPOCH_MS.test(value)
    ? new Date(Number(value))
    : RFC3339.test(value)
      ? new Date(value.replace(' ', 'T'))
      : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new InputError(
      `query.${field} must be RFC 3339 with an offset or epoch milliseconds, got "${value}"`,
      field,
    );
  }
  return date;
}
