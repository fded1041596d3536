import { NavLink } from 'react-router';

const AREAS = [
  { to: '/alerts', label: 'Alerts' },
  { to: '/alerts/silences', label: 'Silences' },
  { to: '/alerts/noise', label: 'Noise' },
] as const;

/** The sub-navigation of the alerts area; each page is its own URL. */
export function AlertsTabs() {
  return (
    <nav className="tabs" aria-label="Alerts">
      {AREAS.map((area) => (
        <NavLink key={area.to} to={area.to} end className="tab tab-link">
          {area.label}
        </NavLink>
      ))}
    </nav>
  );
}
