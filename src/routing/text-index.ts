import { tokenize } from './text.js';

/** Text similarity between a question and each member's answered questions, as the router consumes it. */
export interface TextSimilarity {
  /** Scores of the members whose profile shares any term with `text` (others score 0 and are absent). */
  scores(text: string): Map<string, number>;
  /** How many answered questions make up a member's profile (for reasons). */
  profileSize(memberId: string): number;
}

/** One member's document: term counts over the questions they answered. */
export interface TextDocument {
  termCounts: ReadonlyMap<string, number>;
  /** Tokens in all. */
  length: number;
  /** Answered questions it is made of. */
  questions: number;
}

/** The document of a member who answered questions with these (tokenized) texts, for `addDocument`. */
export function textDocumentOf(answeredTokens: ReadonlyArray<readonly string[]>): TextDocument {
  const termCounts = new Map<string, number>();
  let length = 0;
  for (const tokens of answeredTokens) {
    for (const token of tokens) termCounts.set(token, (termCounts.get(token) ?? 0) + 1);
    length += tokens.length;
  }
  return { termCounts, length, questions: answeredTokens.length };
}

interface MemberDocument {
  memberId: string;
  termCounts: Map<string, number>;
  length: number;
  questions: number;
  /** termCounts belongs to the caller of addDocument: copied before the first change. */
  shared: boolean;
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
    const document = this.#documentOf(memberId);
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

  /**
   * Adds a member's whole document at once (from `textDocumentOf`), for a source that keeps documents between
   * queries: the term counts are used as they are, not rebuilt.
   */
  addDocument(memberId: string, added: TextDocument): void {
    if (added.questions === 0) return;
    const existing = this.#documents.get(memberId);
    const document: MemberDocument = existing ?? {
      memberId,
      termCounts: added.termCounts as Map<string, number>,
      length: 0,
      questions: 0,
      shared: true,
    };
    if (existing) {
      if (existing.shared) {
        existing.termCounts = new Map(existing.termCounts);
        existing.shared = false;
      }
      for (const [term, count] of added.termCounts)
        existing.termCounts.set(term, (existing.termCounts.get(term) ?? 0) + count);
    } else this.#documents.set(memberId, document);
    for (const term of added.termCounts.keys()) {
      let posting = this.#postings.get(term);
      if (posting === undefined) {
        posting = new Map();
        this.#postings.set(term, posting);
      }
      posting.set(document, document.termCounts.get(term) ?? 0);
    }
    document.length += added.length;
    document.questions += added.questions;
    this.#totalLength += added.length;
  }

  /** The member's document, created empty, and made safe to change when its counts were shared. */
  #documentOf(memberId: string): MemberDocument {
    let document = this.#documents.get(memberId);
    if (!document) {
      document = { memberId, termCounts: new Map(), length: 0, questions: 0, shared: false };
      this.#documents.set(memberId, document);
    } else if (document.shared) {
      document.termCounts = new Map(document.termCounts);
      document.shared = false;
    }
    return document;
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
