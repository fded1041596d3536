/**
 * The signed-in token lives in localStorage under `cairn.token`. This module is the only place
 * that reads or writes it; React subscribes through `useSyncExternalStore` (see `use-session.ts`).
 */

const TOKEN_KEY = 'cairn.token';

export interface Session {
  /** The bearer token, or null when signed out. */
  token: string | null;
  /** Why the user was signed out, shown on the sign-in screen (e.g. an expired token). */
  notice: string | null;
}

let session: Session = { token: readStoredToken(), notice: null };
const listeners = new Set<() => void>();

// Signing in or out in another tab applies here too.
window.addEventListener('storage', (event) => {
  if (event.key !== TOKEN_KEY && event.key !== null) return;
  const token = readStoredToken();
  if (token !== session.token) update({ token, notice: null });
});

function readStoredToken(): string | null {
  try {
    const value = window.localStorage.getItem(TOKEN_KEY);
    return value?.trim() ? value : null;
  } catch {
    // Storage can be disabled (privacy modes); the user then signs in for this page view only.
    return null;
  }
}

function update(next: Session): void {
  session = next;
  for (const listener of listeners) listener();
}

/** Subscribes to session changes; returns the unsubscribe function. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Returns the current session snapshot (stable between changes). */
export function getSession(): Session {
  return session;
}

/** Returns the stored bearer token, or null when signed out. */
export function getToken(): string | null {
  return session.token;
}

/** Stores a token and signs in with it. */
export function storeToken(token: string): void {
  try {
    window.localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // See readStoredToken: keep the token in memory only.
  }
  update({ token, notice: null });
}

/** Forgets the token; `notice` is shown on the sign-in screen to say why. */
export function clearToken(notice: string | null = null): void {
  try {
    window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored to remove.
  }
  update({ token: null, notice });
}

/**
 * Handles `/login?token=…` (the URL `cairn up` prints): stores the token and removes it from the
 * address bar with `history.replaceState` before anything renders or calls the API, so the secret
 * never stays in history, bookmarks or a Referer header. Returns true when a token was taken.
 */
export function captureLoginToken(location: Location, history: History): boolean {
  if (location.pathname !== '/login') return false;
  const token = new URLSearchParams(location.search).get('token')?.trim();
  if (!token) return false;
  history.replaceState(null, '', '/');
  storeToken(token);
  return true;
}
