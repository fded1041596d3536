import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * `${VAR}`, `${VAR:-default}` and `${file:/path}` in configuration strings; `$${` writes a literal
 * `${`. A file reference reads a mounted Secret (Kubernetes, Docker): its text without the trailing
 * line break. Returns the substituted text, or the first reference that has no value.
 */
export function substituteEnv(
  text: string,
  env: NodeJS.ProcessEnv,
  /** Directory a relative `${file:…}` path is read from (the config file's). */
  baseDir: string = process.cwd(),
): { ok: true; value: string } | { ok: false; missing: string } {
  let missing: string | undefined;
  const value = text.replace(
    /\$\$\{|\$\{file:([^}]+)\}|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
    (match, file: string | undefined, name: string | undefined, fallback: string | undefined) => {
      if (match === '$${') return '${';
      if (file !== undefined) {
        const read = readSecretFile(isAbsolute(file) ? file : resolve(baseDir, file));
        if (read.ok) return read.text;
        missing ??= `file ${file} cannot be read (${read.reason})`;
        return '';
      }
      const found = name ? env[name] : undefined;
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      missing ??= `environment variable ${name} is not set`;
      return '';
    },
  );
  return missing ? { ok: false, missing } : { ok: true, value };
}

function readSecretFile(path: string): { ok: true; text: string } | { ok: false; reason: string } {
  try {
    const text = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    return text === '' ? { ok: false, reason: 'it is empty' } : { ok: true, text };
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/** True when the whole string is one `${…}` reference, so its value may be a number or boolean. */
export function isWholeReference(text: string): boolean {
  return /^\$\{(?:file:[^}]+|[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?)\}$/.test(text.trim());
}
