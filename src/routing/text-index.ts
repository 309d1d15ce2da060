import { tokenize } from './text.js';

/** Text similarity between a question and each member's answered questions, as the router consumes it. */
export interface TextSimilarity {
  /** Scores of the members whose profile shares any term with `text` (others score 0 and are absent). */
  scores(text: string): Map<string, number>;
  /** How many answered questions make up a member's profile (for reasons). */
  profileSize(memberId: string): number;
}

interface MemberDocument {
  memberId: string;
  termCounts: Map<string, number>;
  length: number;
  questions: number;
}

/**
 * An incremental BM25 index with one document per member: the concatenated text of the questions they answered.
 * Adding an answer costs O(its tokens); a query costs O(postings of its most informative terms), independent of how
 * many answers the community has accumulated.
 */
export class MemberTextIndex implements TextSimilarity {
  readonly #documents = new Map<string, MemberDocument>();
  /** term → the documents holding it with the term's count (documents as keys: identity hashing is cheap). */
  readonly #postings = new Map<string, Map<MemberDocument, number>>();
  #totalLength = 0;

  /**
   * @param k1 BM25 term-frequency saturation.
   * @param b BM25 length normalisation.
   * @param maxQueryTerms Only the rarest query terms are looked up: long questions stay fast and common words add little.
   */
  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.75,
    private readonly maxQueryTerms = 32,
  ) {}

  /** Adds the text of a question `memberId` answered to their profile. */
  addAnsweredQuestion(memberId: string, questionText: string): void {
    this.addAnsweredTokens(memberId, tokenize(questionText));
  }

  /** The same, with the question's text already tokenized (`tokenize`), for a source that keeps the tokens. */
  addAnsweredTokens(memberId: string, tokens: readonly string[]): void {
    const document = this.#documents.get(memberId) ?? { memberId, termCounts: new Map(), length: 0, questions: 0 };
    this.#documents.set(memberId, document);
    for (const token of tokens) {
      const count = (document.termCounts.get(token) ?? 0) + 1;
      document.termCounts.set(token, count);
      let posting = this.#postings.get(token);
      if (posting === undefined) {
        posting = new Map();
        this.#postings.set(token, posting);
      }
      posting.set(document, count);
    }
    document.length += tokens.length;
    document.questions += 1;
    this.#totalLength += tokens.length;
  }

  /** @inheritdoc */
  profileSize(memberId: string): number {
    return this.#documents.get(memberId)?.questions ?? 0;
  }

  /** @inheritdoc */
  scores(text: string): Map<string, number> {
    const byDocument = new Map<MemberDocument, number>();
    const documentCount = this.#documents.size;
    if (documentCount === 0) return new Map();
    const averageLength = this.#totalLength / documentCount || 1;
    for (const { posting, idf } of this.#queryTerms(text, documentCount)) {
      for (const [document, termCount] of posting) {
        const norm = termCount + this.k1 * (1 - this.b + (this.b * document.length) / averageLength);
        byDocument.set(document, (byDocument.get(document) ?? 0) + (idf * termCount * (this.k1 + 1)) / norm);
      }
    }
    const result = new Map<string, number>();
    for (const [document, score] of byDocument) result.set(document.memberId, score);
    return result;
  }

  /** The query's distinct known terms with their BM25 idf, rarest first, at most `maxQueryTerms`. */
  #queryTerms(text: string, documentCount: number): Array<{ posting: Map<MemberDocument, number>; idf: number }> {
    const terms: Array<{ posting: Map<MemberDocument, number>; idf: number }> = [];
    for (const token of new Set(tokenize(text))) {
      const posting = this.#postings.get(token);
      if (posting === undefined) continue;
      const idf = Math.log(1 + (documentCount - posting.size + 0.5) / (posting.size + 0.5));
      terms.push({ posting, idf });
    }
    terms.sort((x, y) => y.idf - x.idf);
    return terms.slice(0, this.maxQueryTerms);
  }
}
