// Promocodes are case-insensitive for Ticketscloud (`PROMO100` = `promo100`), so every list the app builds
// (a clerk's edit, a merged batch, the full list a PATCH sends) is deduplicated the same way, here.

/** Keeps the first spelling of each code; later ones that differ only in case are dropped. */
export function dedupeCodesIgnoringCase(codes: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const code of codes) {
    const folded = code.toLowerCase();
    if (seen.has(folded)) continue;
    seen.add(folded);
    kept.push(code);
  }
  return kept;
}

/** The codes of `candidates` that `applied` does not already hold, compared without case. */
export function codesNotIn(candidates: readonly string[], applied: readonly string[]): string[] {
  const folded = new Set(applied.map((code) => code.toLowerCase()));
  return dedupeCodesIgnoringCase(candidates).filter((code) => !folded.has(code.toLowerCase()));
}
