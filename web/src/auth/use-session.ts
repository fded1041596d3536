import { useSyncExternalStore } from 'react';
import { getSession, type Session, subscribeSession } from './session-store.ts';

/** The current session; re-renders when the person signs in or out. */
export function useSession(): Session {
  return useSyncExternalStore(subscribeSession, getSession);
}
