/** Tag normalisation shared by the question, declared expertise, earned expertise and "not my area" penalties. */

/** Lower-cases, trims a leading `#`, and maps a synonym to its canonical tag. */
export function canonicalTag(tag: string, synonyms: Record<string, string> | undefined): string {
  const clean = tag.trim().toLowerCase().replace(/^#/, '');
  const mapped = synonyms?.[clean];
  return mapped === undefined ? clean : mapped.trim().toLowerCase().replace(/^#/, '');
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
