import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError, NotFoundError } from '../../kernel/errors.ts';

/**
 * Resolves `path` (relative, `/`-separated) under `root` and returns the real path of what it names.
 * Refuses with an InputError naming `field` when the path is absolute, has a NUL, or leads out of
 * `root` by `..` or through a symbolic link; a NotFoundError when nothing is there. A docs folder
 * comes from whoever writes the catalog repository: it must never reach other files of the host.
 */
export async function resolveInside(root: string, path: string, field: string): Promise<string> {
  if (path.includes('\0')) throw new InputError(`${field}: must not contain a NUL character`, field);
  if (isAbsolute(path) || path.includes('\\'))
    throw new InputError(`${field}: "${path}" must be a relative path with / separators`, field);
  const target = resolve(root, path);
  if (!isWithin(root, target)) throw new InputError(`${field}: "${path}" leads outside its folder`, field);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new NotFoundError(`${field}: "${path}" does not exist`);
  }
  if (!isWithin(await realpath(root), real))
    throw new InputError(`${field}: "${path}" leads outside its folder through a symbolic link`, field);
  return real;
}

/** Whether `target` is `root` or lies below it (both absolute). */
export function isWithin(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
