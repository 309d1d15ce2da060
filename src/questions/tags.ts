/** Tag handling shared by /ask, the ask modal and /expertise. Pure functions. */

const MAX_TAG_LENGTH = 40;

/** Canonical form of a tag: lower case, no leading '#', spaces as '-', only characters tags are made of. */
export function normalizeTag(raw: string): string {
  return raw
    .trim()
    .replace(/^#+/, '')
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9+#.\-_]/g, '')
    .replace(/[.\-_]+$/, '')
    .slice(0, MAX_TAG_LENGTH);
}

/**
 * `#tags` the asker typed. Slack channel references arrive as `<#C123|name>` and are not tags, so a `#` must
 * start a word and must not follow `<`.
 */
export function explicitTags(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|[\s(,;])#([A-Za-z0-9][\w+.#-]{0,60})/g)) {
    const tag = normalizeTag(match[1] ?? '');
    if (tag) found.push(tag);
  }
  return [...new Set(found)];
}

/**
 * The canonical tag a synonym stands for, or undefined. Own keys only: words like "constructor" or "toString" are
 * common in questions, and a plain object would answer them with Object.prototype's functions.
 */
export function synonymOf(synonyms: Record<string, string>, tag: string): string | undefined {
  return Object.hasOwn(synonyms, tag) ? synonyms[tag] : undefined;
}

/** Maps each tag through the synonym table to its canonical tag and removes duplicates. */
export function canonicalTags(tags: string[], synonyms: Record<string, string>): string[] {
  return [
    ...new Set(
      tags
        .map((t) => {
          const tag = normalizeTag(t);
          return synonymOf(synonyms, tag) ?? tag;
        })
        .filter(Boolean),
    ),
  ];
}

/** Vocabulary tags (or their synonyms) mentioned as words or hyphenated word pairs in free text. */
export function vocabularyTagsIn(
  text: string,
  vocabulary: { tags: string[]; synonyms: Record<string, string> },
): string[] {
  const words = text.toLowerCase().match(/[a-z0-9+#.]+/g) ?? [];
  const candidates = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = (words[i] ?? '').replace(/\.+$/, '');
    candidates.add(word);
    if (i + 1 < words.length) candidates.add(`${word}-${(words[i + 1] ?? '').replace(/\.+$/, '')}`);
  }
  const known = new Set(vocabulary.tags);
  const found: string[] = [];
  for (const candidate of candidates) {
    const canonical = synonymOf(vocabulary.synonyms, candidate);
    if (known.has(candidate)) found.push(candidate);
    else if (canonical) found.push(canonical);
  }
  return [...new Set(found)];
}
