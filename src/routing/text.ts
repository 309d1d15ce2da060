/**
 * Tokenisation for the text-similarity signal: lower-case runs of [a-z0-9] of length ≥ 2 minus a small English
 * stop-list (the protocol's BM25 tokenisation, so the baseline and the router read text the same way).
 */

const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have how i in is it of on or that the this to was what when where which who why will with you your can do does not'.split(
    ' ',
  ),
);

const TOKEN = /[a-z0-9]{2,}/g;

/** The tokens of a text, in order, stop words removed. */
export function tokenize(text: string): string[] {
  const tokens = text.toLowerCase().match(TOKEN) ?? [];
  return tokens.filter((token) => !STOP_WORDS.has(token));
}
