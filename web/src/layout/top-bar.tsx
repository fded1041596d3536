import { useMe } from '../auth/me-context.tsx';
import { signOut } from '../auth/session-store.ts';
import { ScopeBadge } from '../components/scope-badge.tsx';
import { ThemeToggle } from './theme-toggle.tsx';

/** The bar above every page: who is signed in (role and teams), the theme switch and Sign out. */
export function TopBar() {
  const me = useMe();
  return (
    <header className="top-bar">
      <div className="top-bar-identity" aria-live="polite">
        {me.status === 'ok' ? (
          <>
            <span className="visually-hidden">Signed in as </span>
            <span
              className="identity-name"
              title={me.data.kind === 'token' ? `Token ${me.data.tokenId}` : (me.data.email ?? me.data.name)}
            >
              {me.data.name}
            </span>
            <ScopeBadge scope={me.data.role} />
            {me.data.teams.length > 0 ? (
              <span className="muted identity-teams">{me.data.teams.join(', ')}</span>
            ) : null}
          </>
        ) : (
          <span className="identity-placeholder" aria-hidden="true" />
        )}
      </div>
      <ThemeToggle />
      <button type="button" className="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </header>
  );
}
