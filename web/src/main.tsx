import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { apiQueryKey } from './api/queries.ts';
import { createQueryClient } from './api/query-client.ts';
import { getSession, startSession, subscribeSession } from './auth/session-store.ts';
import { createAppRouter } from './router.tsx';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/portal.css';
import './styles/forms-panels.css';
import './styles/actions.css';

// First, before the router reads the URL: take the token out of `/login?token=…` and the address
// bar (it is exchanged for a session cookie), or check the session cookie there is.
void startSession(window.location, window.history);

const router = createAppRouter();
const queryClient = createQueryClient();
// Answers belong to whoever was signed in: signing in or out starts from an empty cache, seeded
// with the caller the session check already fetched (so /api/v1/me is not asked for twice).
subscribeSession(() => {
  queryClient.clear();
  const { me } = getSession();
  if (me) queryClient.setQueryData(apiQueryKey('/api/v1/me'), me);
});

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
