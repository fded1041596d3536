import { useMe } from '../auth/me-context.tsx';
import { clearToken } from '../auth/token-store.ts';
import { ScopeBadge } from '../components/scope-badge.tsx';
import { ThemeToggle } from './theme-toggle.tsx';

/** The bar above every page: who is signed in, the theme switch and Sign out. */
export function TopBar() {
  const me = useMe();
  return (
    <header className="top-bar">
      <div className="top-bar-identity" aria-live="polite">
        {me.status === 'ok' ? (
          <>
            <span className="visually-hidden">Signed in as </span>
            <span className="identity-name" title={`Token ${me.data.tokenId}`}>
              {me.data.name}
            </span>
            <ScopeBadge scope={me.data.scope} />
          </>
        ) : (
          <span className="identity-placeholder" aria-hidden="true" />
        )}
      </div>
      <ThemeToggle />
      <button type="button" className="button" onClick={() => clearToken()}>
        Sign out
      </button>
    </header>
  );
}
