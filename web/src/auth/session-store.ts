/**
 * The browser's session with Cairn. The session itself is an httpOnly cookie the page cannot read
 * (nothing is kept in localStorage); this module keeps what the page needs to know about it:
 * whether someone is signed in, the CSRF token state-changing requests carry, and why the person
 * was signed out. React subscribes through `useSyncExternalStore` (see `use-session.ts`).
 */

import type { Me } from '../api/types.ts';

export type SessionStatus = 'checking' | 'signed-in' | 'signed-out';

export interface Session {
  status: SessionStatus;
  /** Sent as X-CSRF-Token on every request that changes something. */
  csrfToken: string | null;
  /** Why the person is on the sign-in screen (an ended session, a refused sign-in). */
  notice: string | null;
  /**
   * The `GET /api/v1/me` answer the session check already has, so the page can seed its query
   * cache with it instead of asking again; null when the session began another way.
   */
  me: Me | null;
}

/** Shown on the sign-in screen when the server no longer knows the session. */
export const ENDED_SESSION_NOTICE = 'Your session has ended; sign in again.';

let session: Session = { status: 'checking', csrfToken: null, notice: null, me: null };
const listeners = new Set<() => void>();

function update(next: Session): void {
  session = next;
  for (const listener of listeners) listener();
}

/** Subscribes to session changes; returns the unsubscribe function. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current session snapshot (stable between changes). */
export function getSession(): Session {
  return session;
}

export function getCsrfToken(): string | null {
  return session.csrfToken;
}

/** The server answered 401: the session cookie is gone or expired. */
export function markSignedOut(notice: string | null = ENDED_SESSION_NOTICE): void {
  if (session.status === 'signed-out' && session.notice === notice) return;
  update({ status: 'signed-out', csrfToken: null, notice, me: null });
}

/** Asks the server whether the cookie is a live session, and keeps its CSRF token. */
export async function checkSession(notice: string | null = null): Promise<void> {
  try {
    const response = await fetch('/api/v1/me', { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      update({ status: 'signed-out', csrfToken: null, notice, me: null });
      return;
    }
    // /api/v1/me's schema: `session` is null for bearer tokens, which the page never uses.
    const me = (await response.json()) as Me & { session: { csrfToken: string } | null };
    update({ status: 'signed-in', csrfToken: me.session?.csrfToken ?? null, notice: null, me });
  } catch {
    update({
      status: 'signed-out',
      csrfToken: null,
      notice: 'Cannot reach the Cairn server. Check that it is running and try again.',
      me: null,
    });
  }
}

/**
 * Exchanges an API token for a session (the token is sent once, never stored). Resolves with
 * null when signed in, else with the reason shown to the person.
 */
export async function signInWithToken(token: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch('/api/v1/session', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
  } catch {
    return 'Cannot reach the Cairn server. Check that it is running and try again.';
  }
  if (response.status === 401) {
    return 'Cairn did not accept this token. Check that you copied all of it, or ask an admin for a new one.';
  }
  if (!response.ok) return `Signing in failed: the server answered ${response.status}.`;
  // The route's SessionSchema.
  const body = (await response.json()) as { csrfToken: string };
  update({ status: 'signed-in', csrfToken: body.csrfToken, notice: null, me: null });
  return null;
}

/** Ends the session on the server (the cookie is cleared there) and shows the sign-in screen. */
export async function signOut(): Promise<void> {
  const csrf = session.csrfToken;
  try {
    await fetch('/api/v1/session', { method: 'DELETE', headers: csrf ? { 'X-CSRF-Token': csrf } : {} });
  } finally {
    update({ status: 'signed-out', csrfToken: null, notice: 'You signed out.', me: null });
  }
}

/**
 * Starts the page's session: `/login?token=…` (the URL `cairn up` prints) is exchanged for a
 * session cookie after the token is taken out of the address bar, so the secret never stays in
 * history, bookmarks or a Referer; `?signInError=…` (a refused OIDC sign-in) becomes the notice.
 * Otherwise the existing cookie is checked.
 */
export async function startSession(location: Location, history: History): Promise<void> {
  const params = new URLSearchParams(location.search);
  const signInError = params.get('signInError');
  if (location.pathname === '/login') {
    const token = params.get('token')?.trim();
    history.replaceState(null, '', '/');
    if (token) {
      const problem = await signInWithToken(token);
      if (problem) update({ status: 'signed-out', csrfToken: null, notice: problem, me: null });
      return;
    }
  }
  if (signInError) {
    params.delete('signInError');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}`);
  }
  await checkSession(signInError);
}
