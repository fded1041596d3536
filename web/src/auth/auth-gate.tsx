import { Outlet } from 'react-router';
import { AppLayout } from '../layout/app-layout.tsx';
import { StartupScreen } from '../layout/startup-screen.tsx';
import { MeProvider } from './me-context.tsx';
import { SignInScreen } from './sign-in-screen.tsx';
import { useSession } from './use-session.ts';

/**
 * The root of every route: a startup screen while the session cookie is checked, the sign-in
 * screen without a session, else the app. Keyed by the CSRF token (one per session) so that signing
 * in as someone else starts from a clean slate.
 */
export function AuthGate() {
  const { status, notice, csrfToken } = useSession();
  if (status === 'checking') return <StartupScreen />;
  if (status === 'signed-out') return <SignInScreen notice={notice} />;
  return (
    <MeProvider key={csrfToken ?? 'session'}>
      <AppLayout>
        <Outlet />
      </AppLayout>
    </MeProvider>
  );
}
