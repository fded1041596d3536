import { CairnLogo } from '../components/cairn-logo.tsx';

/** Shown for the moment the first page's code loads. */
export function StartupScreen() {
  return (
    <div className="startup" role="status">
      <CairnLogo size={40} />
      <span>Loading Cairn…</span>
    </div>
  );
}
