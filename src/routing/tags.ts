/** Tag normalisation shared by the question, declared expertise, earned expertise and "not my area" penalties. */

/** Lower-cases, trims a leading `#`, and maps a synonym to its canonical tag. */
export function canonicalTag(tag: string, synonyms: Record<string, string> | undefined): string {
  const clean = cleanTag(tag);
  // Own keys only: a tag named "constructor" or "toString" is a tag, not Object.prototype's function.
  const mapped = synonyms !== undefined && Object.hasOwn(synonyms, clean) ? synonyms[clean] : undefined;
  return mapped === undefined ? clean : cleanTag(mapped);
}

/**
 * Lower-cased and trimmed, without one leading `#`. Called for every tag of every candidate on each routing (~1,000
 * candidates), so it checks the first character rather than running a regular expression.
 */
function cleanTag(tag: string): string {
  const lower = tag.trim().toLowerCase();
  return lower.charCodeAt(0) === 35 /* # */ ? lower.slice(1) : lower;
}

/** Canonicalises a tag list and drops duplicates and empties, keeping first-seen order. */
export function canonicalTags(tags: readonly string[], synonyms: Record<string, string> | undefined): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const canonical = canonicalTag(tag, synonyms);
    if (canonical !== '') seen.add(canonical);
  }
  return [...seen];
}
