import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createQueryClient } from './api/query-client.ts';
import { captureLoginToken, subscribeSession } from './auth/token-store.ts';
import { createAppRouter } from './router.tsx';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/portal.css';
import './styles/forms-panels.css';

// First, before the router reads the URL or anything is rendered or requested: take the token
// out of `/login?token=…` and out of the address bar.
captureLoginToken(window.location, window.history);

const router = createAppRouter();
const queryClient = createQueryClient();
// Answers belong to whoever was signed in: signing in or out starts from an empty cache.
subscribeSession(() => queryClient.clear());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
