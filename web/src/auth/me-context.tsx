import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { Me } from '../api/types.ts';
import type { ApiState } from '../api/use-api.ts';
import { useApi } from '../api/use-api.ts';

type MeState = ApiState<Me> & { reload: () => void };

const MeContext = createContext<MeState | null>(null);

/**
 * Verifies the stored token with `GET /api/v1/me` and shares the answer. A 401 signs the user
 * out (inside `apiFetch`), which unmounts this provider.
 */
export function MeProvider({ children }: { children: ReactNode }) {
  const { state, reload } = useApi<Me>('/api/v1/me');
  const value = useMemo(() => ({ ...state, reload }), [state, reload]);
  return <MeContext value={value}>{children}</MeContext>;
}

/** Who is signed in: loading, an error, or the token's name and scope. */
export function useMe(): MeState {
  const value = useContext(MeContext);
  if (!value) throw new Error('useMe() needs a <MeProvider> above it');
  return value;
}
