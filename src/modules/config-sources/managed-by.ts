/**
 * Links to a file of a git source on its forge. Only the common layouts are known (GitHub and
 * Gitea/Forgejo `/src`-less `blob`, GitLab `/-/blob`); any other URL (a local path, a bare server)
 * has no link, and the portal shows the path alone.
 */
export function forgeFileUrl(
  repoUrl: string,
  revision: string,
  path: string,
  line: number | null,
): string | null {
  const base = webBaseOf(repoUrl);
  if (!base) return null;
  const anchor = line ? `#L${line}` : '';
  const blob = /(^|\.)gitlab\./.test(new URL(base).hostname) ? '-/blob' : 'blob';
  return `${base}/${blob}/${revision}/${path.split('/').map(encodeURIComponent).join('/')}${anchor}`;
}

/** `https://host/o/r.git`, `ssh://git@host/o/r`, `git@host:o/r.git` → `https://host/o/r`; else null. */
export function webBaseOf(repoUrl: string): string | null {
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(repoUrl);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  let url: URL;
  try {
    url = new URL(repoUrl);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return null;
  const path = url.pathname.replace(/\.git\/?$/, '').replace(/\/$/, '');
  if (path.split('/').filter(Boolean).length < 2) return null;
  return `https://${url.hostname}${path}`;
}

/** The same repository however its URL is written: host and path, lower-case, without `.git`. */
export function repositoryKey(repoUrl: string): string {
  const base = webBaseOf(repoUrl);
  return (base ? base.replace(/^https:\/\//, '') : repoUrl.replace(/\.git\/?$/, '')).toLowerCase();
}
