/**
 * `${VAR}` and `${VAR:-default}` in configuration strings; `$${` writes a literal `${`.
 * Returns the substituted text, or the name of the first variable that is unset and has no default.
 */
export function substituteEnv(
  text: string,
  env: NodeJS.ProcessEnv,
): { ok: true; value: string } | { ok: false; missing: string } {
  let missing: string | undefined;
  const value = text.replace(
    /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
    (match, name: string | undefined, fallback: string | undefined) => {
      if (match === '$${') return '${';
      const found = name ? env[name] : undefined;
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      missing ??= name;
      return '';
    },
  );
  return missing ? { ok: false, missing } : { ok: true, value };
}

/** True when the whole string is one `${…}` reference, so its value may be a number or boolean. */
export function isWholeReference(text: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/.test(text.trim());
}
