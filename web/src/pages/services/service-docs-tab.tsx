import { type FormEvent, type MouseEvent, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import {
  type DocsNavEntry,
  type DocsSearchHit,
  type ServiceDocs,
  useDocsPage,
  useDocsSearch,
  useServiceDocs,
} from '../../api/service-docs.ts';
import { ApiView } from '../../components/api-view.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import './service-docs.css';

/**
 * The service's own docs (its MkDocs site): navigation and search on the side, the page on the
 * right. The page and the search are in the address (`page=`, `find=`), so both can be shared;
 * links between pages stay in the tab.
 */
export function ServiceDocsTab({ name }: { name: string }) {
  const docs = useServiceDocs(name);
  return (
    <ApiView
      query={docs}
      errorTitle="Could not load the docs"
      rows={8}
      notFound={(error) => (
        <EmptyState title="No docs for this service">
          <p>{error.message}.</p>
          <p>
            Add <code>backstage.io/techdocs-ref: dir:.</code> to its <code>catalog-info.yaml</code> and a{' '}
            <code>docs/</code> folder of Markdown beside it (with <code>mkdocs.yml</code> for the navigation).
          </p>
        </EmptyState>
      )}
    >
      {(site) => <DocsView name={name} site={site} />}
    </ApiView>
  );
}

function DocsView({ name, site }: { name: string; site: ServiceDocs }) {
  const location = useLocation();
  const navigate = useNavigate();
  const params = new URLSearchParams(location.search);
  const page = params.get('page') ?? site.home;
  const find = params.get('find') ?? '';

  const go = (changes: Record<string, string | null>, hash = '') => {
    const next = new URLSearchParams(location.search);
    next.set('tab', 'docs');
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    navigate({ search: `?${next.toString()}`, hash });
  };

  return (
    <div className="docs-layout">
      <aside className="docs-side" aria-label="Docs navigation">
        <p className="docs-site-name">{site.siteName}</p>
        <DocsSearchForm initial={find} onSearch={(words) => go({ find: words || null })} />
        <DocsNav
          nav={site.nav}
          current={find ? null : page}
          onOpen={(target) => go({ page: target, find: null })}
        />
        {site.problems.length > 0 ? (
          <details className="docs-problems">
            <summary>{site.problems.length} problem(s) in mkdocs.yml</summary>
            <ul>
              {site.problems.map((problem) => (
                <li key={problem} className="mono">
                  {problem}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </aside>
      <div className="docs-main">
        {find ? (
          <DocsSearchResults words={find} onClear={() => go({ find: null })} />
        ) : (
          <DocsPageView
            name={name}
            page={page}
            hash={location.hash}
            onOpen={(target, fragment) => go({ page: target }, fragment ? `#${fragment}` : '')}
          />
        )}
      </div>
    </div>
  );
}

function DocsNav({
  nav,
  current,
  onOpen,
}: {
  nav: DocsNavEntry[];
  current: string | null;
  onOpen: (page: string) => void;
}) {
  return (
    <nav aria-label="Pages">
      <ul className="docs-nav">
        {nav.map((entry, index) => (
          // Entries are a fixed list per site; the same title may appear twice.
          // biome-ignore lint/suspicious/noArrayIndexKey: position is the entry's identity
          <li key={index} className={`docs-nav-item docs-nav-depth-${Math.min(entry.depth, 3)}`}>
            {entry.page !== null ? (
              <a
                href={`?tab=docs&page=${encodeURIComponent(entry.page)}`}
                aria-current={entry.page === current ? 'page' : undefined}
                onClick={(event) => {
                  if (!plainClick(event)) return;
                  event.preventDefault();
                  if (entry.page !== null) onOpen(entry.page);
                }}
              >
                {entry.title}
              </a>
            ) : entry.url !== null ? (
              <a href={entry.url} rel="noopener noreferrer">
                {entry.title} ↗
              </a>
            ) : (
              <span className="docs-nav-section">{entry.title}</span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function DocsPageView({
  name,
  page,
  hash,
  onOpen,
}: {
  name: string;
  page: string;
  hash: string;
  onOpen: (page: string, fragment: string | null) => void;
}) {
  const query = useDocsPage(name, page);
  const html = query.data?.html;

  // A link to a heading lands on it once the page is there.
  useEffect(() => {
    if (!html || !hash) return;
    document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
  }, [html, hash]);

  // Links between pages were pointed at the portal by the server; they open here without a reload.
  const onClick = (event: MouseEvent<HTMLElement>) => {
    if (!(event.target instanceof Element) || !plainClick(event)) return;
    const link = event.target.closest('a[data-docs-page]');
    const target = link?.getAttribute('data-docs-page');
    if (!link || !target) return;
    event.preventDefault();
    onOpen(target, link.getAttribute('data-docs-fragment'));
  };

  return (
    <ApiView query={query} errorTitle={`Could not load ${page}`} rows={8}>
      {(loaded) => (
        // The HTML was sanitised by the server (docs/service-docs.md): no script, handler or
        // javascript: URL reaches here. Clicks are only read, to keep page links in the tab.
        // biome-ignore lint/a11y/useKeyWithClickEvents: links inside keep their own keyboard behaviour
        <article
          className="docs-page"
          aria-label={loaded.title}
          onClick={onClick}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side with hast-util-sanitize
          dangerouslySetInnerHTML={{ __html: loaded.html }}
        />
      )}
    </ApiView>
  );
}

function DocsSearchForm({ initial, onSearch }: { initial: string; onSearch: (words: string) => void }) {
  const [words, setWords] = useState(initial);
  useEffect(() => setWords(initial), [initial]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(words.trim());
  };
  return (
    <search className="docs-search">
      <form onSubmit={submit}>
        <label htmlFor="docs-search-input" className="visually-hidden">
          Search docs and runbooks
        </label>
        <input
          id="docs-search-input"
          type="search"
          placeholder="Search docs and runbooks"
          value={words}
          minLength={2}
          onChange={(event) => setWords(event.target.value)}
        />
      </form>
    </search>
  );
}

function DocsSearchResults({ words, onClear }: { words: string; onClear: () => void }) {
  const query = useDocsSearch(words);
  return (
    <section aria-label="Search results">
      <p className="meta-line">
        <span>
          Results for <strong>{words}</strong> across every service's docs and the runbooks
        </span>
        <button type="button" className="button button-small" onClick={onClear}>
          Back to the page
        </button>
      </p>
      {words.trim().length < 2 ? (
        <p className="muted">Type at least 2 characters.</p>
      ) : (
        <ApiView query={query} errorTitle="Could not search the docs" rows={4}>
          {(result) =>
            result.items.length === 0 ? (
              <p className="muted">Nothing holds all of these words.</p>
            ) : (
              <ol className="docs-hits">
                {result.items.map((hit) => (
                  <li key={hit.link}>
                    <Link to={hit.link}>{hit.title}</Link> <span className="badge">{hitSource(hit)}</span>
                    <p className="muted">{hit.snippet}</p>
                  </li>
                ))}
              </ol>
            )
          }
        </ApiView>
      )}
    </section>
  );
}

function hitSource(hit: DocsSearchHit): string {
  return hit.kind === 'runbook' ? 'runbook' : `${hit.service ?? ''} docs`;
}

/** A left click without modifier keys: others (new tab, new window) keep the browser's behaviour. */
function plainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
