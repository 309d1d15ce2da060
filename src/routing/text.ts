/**
 * Tokenisation for the text-similarity signal: lower-case runs of [a-z0-9] of length ≥ 2 minus a small English
 * stop-list (the protocol's BM25 tokenisation, so the baseline and the router read text the same way).
 */

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does doing for from had has have how however if in into is it ' +
    'its just me more most my no not of on or our so some such than that the their them then there these they this ' +
    'those to too was we were what when where which while who why will with would you your yours also any all about ' +
    'am been being both each few he her here him his i itself let other own same she should very us use using used ' +
    'like get one two way want know think need question questions answer answers thanks help please anyone'
  ).split(' '),
);

const TOKEN = /[a-z0-9]{2,}/g;

/** The tokens of a text, in order, stop words removed. */
export function tokenize(text: string): string[] {
  const tokens = text.toLowerCase().match(TOKEN) ?? [];
  return tokens.filter((token) => !STOP_WORDS.has(token));
}
