/**
 * `${{ inputs.x }}`, `${{ service }}` and `${{ environment }}` in an executor's settings. A string
 * that is exactly one placeholder takes the value itself (so `${{ inputs.replicas }}` stays a
 * number); placeholders inside a longer string are written as text.
 */
const PLACEHOLDER = /\$\{\{\s*([a-zA-Z_][\w.]*)\s*\}\}/g;
const WHOLE = /^\$\{\{\s*([a-zA-Z_][\w.]*)\s*\}\}$/;

export interface TemplateValues {
  service: string | null;
  environment: string | null;
  inputs: Readonly<Record<string, unknown>>;
}

function lookup(path: string, values: TemplateValues): unknown {
  if (path === 'service') return values.service ?? '';
  if (path === 'environment') return values.environment ?? '';
  if (path.startsWith('inputs.')) return values.inputs[path.slice('inputs.'.length)] ?? '';
  return undefined;
}

/** Names every placeholder in `settings` that is not `service`, `environment` or `inputs.<name>`. */
export function unknownPlaceholders(settings: unknown, inputNames: readonly string[]): string[] {
  const found: string[] = [];
  walkStrings(settings, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const path = match[1] ?? '';
      const known =
        path === 'service' ||
        path === 'environment' ||
        (path.startsWith('inputs.') && inputNames.includes(path.slice('inputs.'.length)));
      if (!known) found.push(path);
    }
  });
  return found;
}

/** A copy of `settings` with every placeholder replaced. */
export function substituteSettings(settings: unknown, values: TemplateValues): unknown {
  if (typeof settings === 'string') {
    const whole = WHOLE.exec(settings);
    if (whole) {
      const value = lookup(whole[1] ?? '', values);
      return value === undefined ? settings : value;
    }
    return settings.replace(PLACEHOLDER, (text, path: string) => {
      const value = lookup(path, values);
      if (value === undefined) return text;
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
  }
  if (Array.isArray(settings)) return settings.map((item) => substituteSettings(item, values));
  if (settings !== null && typeof settings === 'object') {
    return Object.fromEntries(
      Object.entries(settings).map(([key, value]) => [key, substituteSettings(value, values)]),
    );
  }
  return settings;
}

function walkStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) walkStrings(item, visit);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) walkStrings(item, visit);
}
