import { Link, useLocation } from 'react-router';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="Nothing here">
        <p>
          There is no page at <code>{pathname}</code>. <Link to="/">Go to Home</Link> or pick an area from the
          navigation.
        </p>
      </EmptyState>
    </>
  );
}
