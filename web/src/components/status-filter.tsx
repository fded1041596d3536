import { useSearchParams } from 'react-router';

export interface StatusFilterOption {
  /** The `status` query value; '' means no filter. */
  key: string;
  label: string;
}

/** The status chosen in the URL's `status` parameter ('' when none). */
export function useStatusParam(): string {
  const [params] = useSearchParams();
  return params.get('status') ?? '';
}

/** A row of toggle buttons that keep the list's status filter in the URL, so the view can be shared. */
export function StatusFilter({ options }: { options: readonly StatusFilterOption[] }) {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  return (
    <fieldset className="toolbar">
      <legend className="visually-hidden">Filter by status</legend>
      {options.map((f) => (
        <button
          key={f.key}
          type="button"
          className={`button button-small${status === f.key ? ' is-selected' : ''}`}
          aria-pressed={status === f.key}
          onClick={() => setParams(f.key ? { status: f.key } : {}, { replace: true })}
        >
          {f.label}
        </button>
      ))}
    </fieldset>
  );
}
