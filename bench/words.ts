/**
 * Deterministic text for the seeded knowledge base. Words are made-up syllable pairs, so they never collide with the
 * words of the `/ask` questions (which must find no suggestion, or the question is not routed) and are not English
 * stop words. Sentences pick words with a Zipf-like skew, so some words match a large share of the entries and
 * others very few, as in a real knowledge base.
 */
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'nu',
  're',
  'sa',
  'to',
  'vi',
  'zo',
  'pe',
  'du',
  'fa',
  'gi',
  'ho',
  'ju',
  'be',
  'co',
  'ny',
  'wa',
  'xe',
];
export const VOCABULARY_SIZE = 4000;

/** The word of frequency rank `rank` (0 = most common). */
export function word(rank: number): string {
  const s = SYLLABLES.length;
  return `${SYLLABLES[rank % s]}${SYLLABLES[Math.floor(rank / s) % s]}${SYLLABLES[Math.floor(rank / (s * s)) % s]}r`;
}

/** A small deterministic generator: seeded data and queries are the same in every run. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function sentences(count: number): string[] {
  const random = prng(42);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 5 + Math.floor(random() * 6);
    const words: string[] = [];
    for (let w = 0; w < length; w++) words.push(word(Math.floor(VOCABULARY_SIZE * random() ** 2.5)));
    out.push(words.join(' '));
  }
  return out;
}

/** 3,000 sentences of 5–10 words; an entry is three of them (title, question, answer: ~22 words). */
export const KB_SENTENCES = sentences(3000);

/** `/kb` queries from very common to rare words, one and two words (web-search syntax: all words must match). */
export const KB_QUERIES = [
  word(0),
  word(3),
  word(20),
  word(150),
  word(900),
  word(3000),
  `${word(1)} ${word(40)}`,
  `${word(10)} ${word(400)}`,
  `${word(60)} ${word(700)}`,
  `${word(2)} ${word(5)}`,
];

/** An /ask question that mentions two vocabulary tags and no knowledge-base word. */
export function askText(i: number, tags: number): string {
  const random = prng(1000 + i);
  const a = Math.floor(tags * random() ** 2);
  const b = Math.floor(tags * random());
  return `How should we tune tag${a} together with tag${b} before release ${i}?`;
}
