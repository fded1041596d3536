import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type ApiState, toApiState, useApiQuery } from '../api/queries.ts';
import type { Me } from '../api/types.ts';

type MeState = ApiState<Me> & { reload: () => void };

const MeContext = createContext<MeState | null>(null);

/**
 * Verifies the stored token with `GET /api/v1/me` and shares the answer. A 401 signs the user
 * out (inside `apiFetch`), which unmounts this provider.
 */
export function MeProvider({ children }: { children: ReactNode }) {
  const { data, error, refetch } = useApiQuery<Me>('/api/v1/me');
  const value = useMemo<MeState>(
    () => ({ ...toApiState({ data, error }), reload: () => void refetch() }),
    [data, error, refetch],
  );
  return <MeContext value={value}>{children}</MeContext>;
}

/** Who is signed in: loading, an error, or the token's name and scope. */
export function useMe(): MeState {
  const value = useContext(MeContext);
  if (!value) throw new Error('useMe() needs a <MeProvider> above it');
  return value;
}
