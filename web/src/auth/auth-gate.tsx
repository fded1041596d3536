import { Outlet } from 'react-router';
import { AppLayout } from '../layout/app-layout.tsx';
import { MeProvider } from './me-context.tsx';
import { SignInScreen } from './sign-in-screen.tsx';
import { useSession } from './use-session.ts';

/**
 * The root of every route: the sign-in screen while no token is stored, else the app. Keyed by
 * the token so that signing in as someone else starts from a clean slate.
 */
export function AuthGate() {
  const { token, notice } = useSession();
  if (!token) return <SignInScreen notice={notice} />;
  return (
    <MeProvider key={token}>
      <AppLayout>
        <Outlet />
      </AppLayout>
    </MeProvider>
  );
}
