import { describe, expect, it } from '@jest/globals';
import { tokenize } from '../../../src/routing/text.js';
import { MemberTextIndex, PoolTextIndex, textDocumentOf } from '../../../src/routing/text-index.js';

const answered: Record<string, string[]> = {
  UA: ['Ingress returns a gateway timeout', 'Ingress certificate renewal fails'],
  UB: ['Terraform state lock is stuck', 'Ingress rewrite rules for a subpath'],
  UC: ['Postgres vacuum never finishes'],
  UD: [],
};

/** MemberTextIndex built question by question: the reference PoolTextIndex must match exactly. */
function reference(corpus: Record<string, string[]>): MemberTextIndex {
  const index = new MemberTextIndex();
  for (const [member, titles] of Object.entries(corpus))
    for (const title of titles) index.addAnsweredQuestion(member, title);
  return index;
}

function pool(corpus: Record<string, string[]>): PoolTextIndex {
  const index = new PoolTextIndex();
  for (const [member, titles] of Object.entries(corpus)) index.add(member, textDocumentOf(titles.map(tokenize)));
  return index;
}

/** A deterministic corpus: `members` members answering 0–6 titles of 3–9 words from a Zipf-like vocabulary. */
function generated(members: number): Record<string, string[]> {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const word = () => `w${Math.floor(400 * random() ** 2)}`;
  const corpus: Record<string, string[]> = {};
  for (let m = 0; m < members; m++)
    corpus[`U${m}`] = Array.from({ length: Math.floor(7 * random()) }, () =>
      Array.from({ length: 3 + Math.floor(7 * random()) }, word).join(' '),
    );
  return corpus;
}

describe('PoolTextIndex', () => {
  it('scores exactly as MemberTextIndex over the same answered questions', () => {
    const query = 'Why does the ingress gateway time out?';
    expect(pool(answered).scores(query)).toEqual(reference(answered).scores(query));
    expect(pool(answered).profileSize('UA')).toBe(2);
    expect(pool(answered).profileSize('UD')).toBe(0);
    expect(pool(answered).scores(query).get('UA')).toBeGreaterThan(pool(answered).scores(query).get('UB') ?? 0);
    expect(pool({}).scores(query)).toEqual(new Map());
  });

  it('matches MemberTextIndex on a larger corpus, long queries (only the 32 rarest terms count) included', () => {
    const corpus = generated(600);
    const live = pool(corpus);
    const full = reference(corpus);
    for (let q = 0; q < 40; q++) {
      const terms = q % 4 === 0 ? 45 : 1 + (q % 9); // some longer than the 32 terms a query may use
      const query = Array.from({ length: terms }, (_, i) => `w${(q * 37 + i * 11) % 420}`).join(' ');
      const expected = full.scores(query);
      expect(live.scores(query)).toEqual(expected);
      if (terms > 32) expect(expected.size).toBeGreaterThan(0);
    }
  });
});
