import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation, useNavigation } from 'react-router';
import { useMe } from '../auth/me-context.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { SurveyBanner } from '../pages/feedback/survey-banner.tsx';
import { Nav } from './nav.tsx';
import { TopBar } from './top-bar.tsx';

/**
 * The frame around every signed-in page: skip link, navigation, top bar and the page itself.
 * Focus moves to the page after an in-app navigation so keyboard users land on the new content.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  const mainRef = useRef<HTMLElement>(null);
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    // Runs on every path change; the first render keeps the browser's own focus.
    void pathname;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    mainRef.current?.scrollTo({ top: 0 });
  }, [pathname]);

  return (
    <div className="app" data-navigating={navigation.state !== 'idle' || undefined}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Nav />
      <TopBar />
      <div className="route-progress" aria-hidden="true" />
      <main id="main" className="main" ref={mainRef} tabIndex={-1}>
        {me.status === 'error' ? (
          <ErrorPanel title="Could not check your token" error={me.error} onRetry={me.reload} />
        ) : (
          children
        )}
      </main>
      <SurveyBanner />
    </div>
  );
}
