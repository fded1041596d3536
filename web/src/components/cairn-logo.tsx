/** The Cairn mark: a cairn of four stacked stones. Decorative; pair it with the name. */
export function CairnLogo({ size = 28 }: { size?: number }) {
  return (
    <svg
      className="cairn-logo"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <ellipse cx="16" cy="26.2" rx="12.5" ry="4.6" fill="var(--stone-1)" />
      <ellipse cx="15.2" cy="18.4" rx="9.2" ry="3.9" fill="var(--stone-2)" />
      <ellipse cx="16.6" cy="11.4" rx="6.6" ry="3.3" fill="var(--stone-3)" />
      <ellipse cx="15.8" cy="5.6" rx="4.1" ry="2.5" fill="var(--stone-4)" />
    </svg>
  );
}
