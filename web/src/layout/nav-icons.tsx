import type { ReactNode } from 'react';

/** 20px line icons for the navigation; decorative (the link text names the area). */
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="nav-icon"
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const navIcons = {
  home: (
    <Icon>
      <path d="M3 11.5 12 4l9 7.5" />
      <path d="M5.5 9.5V20h13V9.5" />
    </Icon>
  ),
  catalog: (
    <Icon>
      <rect x="4" y="4" width="16" height="5" rx="1.5" />
      <rect x="4" y="11" width="16" height="5" rx="1.5" />
      <path d="M8 20h8" />
    </Icon>
  ),
  map: (
    <Icon>
      <circle cx="6" cy="6" r="2.5" />
      <circle cx="18" cy="8" r="2.5" />
      <circle cx="10" cy="18" r="2.5" />
      <path d="M8.3 7 15.6 7.6M7 8.3l2.2 7.4M16.4 10 11.8 16" />
    </Icon>
  ),
  incidents: (
    <Icon>
      <path d="M12 3.5 21 19.5H3Z" />
      <path d="M12 10v4.5M12 17h.01" />
    </Icon>
  ),
  logs: (
    <Icon>
      <path d="M4 6h16M4 10h12M4 14h16M4 18h9" />
    </Icon>
  ),
  traces: (
    <Icon>
      <path d="M4 6h9M7 11h10M10 16h10" />
      <path d="M4 4v14" />
    </Icon>
  ),
  changes: (
    <Icon>
      <circle cx="6" cy="6" r="2.2" />
      <circle cx="6" cy="18" r="2.2" />
      <circle cx="18" cy="12" r="2.2" />
      <path d="M6 8.2v7.6M8 7c5 0 8 1 8 3" />
    </Icon>
  ),
  noise: (
    <Icon>
      <path d="M6 16V10a6 6 0 0 1 12 0v6l1.5 2h-15Z" />
      <path d="M10 20.5a2 2 0 0 0 4 0" />
    </Icon>
  ),
  settings: (
    <Icon>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.8v2.4M12 18.8v2.4M2.8 12h2.4M18.8 12h2.4M5.5 5.5l1.7 1.7M16.8 16.8l1.7 1.7M5.5 18.5l1.7-1.7M16.8 7.2l1.7-1.7" />
    </Icon>
  ),
} satisfies Record<string, ReactNode>;
