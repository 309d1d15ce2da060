import { describe, expect, it } from '@jest/globals';
import { tokenize } from '../../../src/routing/text.js';
import { MemberTextIndex, textDocumentOf } from '../../../src/routing/text-index.js';

const answered: Record<string, string[]> = {
  UA: ['Ingress returns a gateway timeout', 'Ingress certificate renewal fails'],
  UB: ['Terraform state lock is stuck', 'Ingress rewrite rules for a subpath'],
  UC: ['Postgres vacuum never finishes'],
};
const QUERY = 'Why does the ingress gateway time out?';

/** The index built question by question, the reference the whole-document path must match. */
function byQuestion(): MemberTextIndex {
  const index = new MemberTextIndex();
  for (const [member, titles] of Object.entries(answered))
    for (const title of titles) index.addAnsweredQuestion(member, title);
  return index;
}

describe('MemberTextIndex.addDocument', () => {
  it('scores exactly as adding the same answered questions one by one', () => {
    const index = new MemberTextIndex();
    for (const [member, titles] of Object.entries(answered))
      index.addDocument(member, textDocumentOf(titles.map(tokenize)));
    expect(index.scores(QUERY)).toEqual(byQuestion().scores(QUERY));
    expect(index.profileSize('UA')).toBe(2);
    expect(index.scores(QUERY).get('UA')).toBeGreaterThan(index.scores(QUERY).get('UB') ?? 0);
  });

  it('leaves the document it was given unchanged when more is added for the member', () => {
    const document = textDocumentOf([tokenize('Ingress returns a gateway timeout')]);
    const before = new Map(document.termCounts);
    const index = new MemberTextIndex();
    index.addDocument('UA', document);
    index.addAnsweredQuestion('UA', 'Ingress certificate renewal fails');
    index.addDocument('UA', textDocumentOf([]));
    for (const [member, titles] of Object.entries(answered))
      if (member !== 'UA') for (const title of titles) index.addAnsweredQuestion(member, title);
    expect(document.termCounts).toEqual(before);
    expect(index.scores(QUERY)).toEqual(byQuestion().scores(QUERY));
  });
});
