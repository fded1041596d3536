/** NPS as people read it: a signed whole number ("+10", "−60", "0"), or "no answers". */
export function formatNps(nps: number | null): string {
  if (nps === null) return 'no answers';
  const rounded = Math.round(nps);
  if (rounded > 0) return `+${rounded}`;
  if (rounded < 0) return `−${Math.abs(rounded)}`;
  return '0';
}

/** Who gave a piece of feedback, as the list shows it. */
export function formatAuthor(author: string | null, teams: readonly string[] | null): string {
  if (author === null) return 'anonymous';
  return teams && teams.length > 0 ? `${author} (${teams.join(', ')})` : author;
}

/** A CSAT mean on its 1–5 scale, one decimal. */
export function formatCsat(averageScore: number | null): string {
  return averageScore === null ? '—' : `${averageScore.toFixed(1)} / 5`;
}
