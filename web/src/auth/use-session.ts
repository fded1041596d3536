import { useSyncExternalStore } from 'react';
import { getSession, type Session, subscribeSession } from './token-store.ts';

/** The current session; re-renders when the user signs in or out. */
export function useSession(): Session {
  return useSyncExternalStore(subscribeSession, getSession);
}
