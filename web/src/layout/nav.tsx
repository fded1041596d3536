import { NavLink } from 'react-router';
import { CairnLogo } from '../components/cairn-logo.tsx';
import { navIcons } from './nav-icons.tsx';

interface NavArea {
  to: string;
  label: string;
  icon: keyof typeof navIcons;
}

/** The areas of Cairn, in the order a responder reaches for them. */
export const NAV_AREAS: readonly NavArea[] = [
  { to: '/', label: 'Home', icon: 'home' },
  { to: '/services', label: 'Catalog', icon: 'catalog' },
  { to: '/create', label: 'Create', icon: 'catalog' },
  { to: '/scorecards', label: 'Scorecards', icon: 'catalog' },
  { to: '/map', label: 'Service map', icon: 'map' },
  { to: '/incidents', label: 'Incidents', icon: 'incidents' },
  { to: '/runbooks', label: 'Runbooks', icon: 'logs' },
  { to: '/logs', label: 'Logs', icon: 'logs' },
  { to: '/traces', label: 'Traces', icon: 'traces' },
  { to: '/changes', label: 'Changes', icon: 'changes' },
  { to: '/approvals', label: 'Approvals', icon: 'changes' },
  { to: '/alerts', label: 'Alerts', icon: 'noise' },
  { to: '/dora', label: 'DORA', icon: 'changes' },
  { to: '/cost', label: 'Cost', icon: 'changes' },
  { to: '/capacity', label: 'Capacity', icon: 'changes' },
  { to: '/feedback', label: 'Feedback', icon: 'changes' },
  { to: '/audit', label: 'Audit', icon: 'changes' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

/** The left navigation; the current area carries `aria-current="page"`. */
export function Nav() {
  return (
    <nav className="sidebar" aria-label="Main">
      <NavLink to="/" className="brand" aria-label="Cairn home">
        <CairnLogo />
        <span className="brand-name">Cairn</span>
      </NavLink>
      <ul className="nav-list">
        {NAV_AREAS.map((area) => (
          <li key={area.to}>
            <NavLink to={area.to} end={area.to === '/'} className="nav-link">
              {navIcons[area.icon]}
              <span>{area.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
