// Applies the stored theme before first paint so the page never flashes the other theme.
// A separate file rather than an inline script, so a strict Content-Security-Policy allows it.
try {
  const theme = localStorage.getItem('cairn.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {}
