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

/** The document of a member who answered questions with these (tokenized) texts, for `PoolTextIndex`. */
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

  /** The member's document, created empty. */
  #documentOf(memberId: string): MemberDocument {
    let document = this.#documents.get(memberId);
    if (!document) {
      document = { memberId, termCounts: new Map(), length: 0, questions: 0 };
      this.#documents.set(memberId, document);
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
        const term = bm25Term(idf, termCount, document.length, averageLength, this.k1, this.b);
        byDocument.set(document, (byDocument.get(document) ?? 0) + term);
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
      terms.push({ posting, idf: bm25Idf(documentCount, posting.size) });
    }
    terms.sort((x, y) => y.idf - x.idf);
    return terms.slice(0, this.maxQueryTerms);
  }
}

/**
 * The same BM25 scores as MemberTextIndex, over a fixed set of whole documents and without an inverted index. The
 * live route builds one per /ask from ~1,000 documents kept in the worker's member profiles and queries it once:
 * counting the few query terms in each document costs less than building postings for every term of every document.
 * Scores are identical to MemberTextIndex's for the same documents (same terms, same order of summation; tested).
 */
export class PoolTextIndex implements TextSimilarity {
  // Parallel arrays in the order members were added (a Map only finds a member's slot): scoring walks them once per
  // query term, and iterating a Map's entries made an array per member per walk.
  readonly #memberIds: string[] = [];
  readonly #documents: TextDocument[] = [];
  readonly #slotOf = new Map<string, number>();
  #totalLength = 0;

  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.75,
    private readonly maxQueryTerms = 32,
  ) {}

  /** Adds a member's document (once per member: a second one replaces the first). */
  add(memberId: string, document: TextDocument): void {
    if (document.questions === 0) return;
    const slot = this.#slotOf.get(memberId);
    if (slot === undefined) {
      this.#slotOf.set(memberId, this.#documents.length);
      this.#memberIds.push(memberId);
      this.#documents.push(document);
      this.#totalLength += document.length;
      return;
    }
    this.#totalLength += document.length - (this.#documents[slot] as TextDocument).length;
    this.#documents[slot] = document;
  }

  /** @inheritdoc */
  profileSize(memberId: string): number {
    const slot = this.#slotOf.get(memberId);
    return slot === undefined ? 0 : (this.#documents[slot] as TextDocument).questions;
  }

  /** @inheritdoc */
  scores(text: string): Map<string, number> {
    const result = new Map<string, number>();
    const documents = this.#documents;
    const documentCount = documents.length;
    if (documentCount === 0) return result;
    const averageLength = this.#totalLength / documentCount || 1;
    // The query's distinct known terms, rarest first, at most maxQueryTerms: as MemberTextIndex chooses them.
    const terms: Array<{ term: string; idf: number }> = [];
    for (const term of new Set(tokenize(text))) {
      let frequency = 0;
      for (const document of documents) if (document.termCounts.has(term)) frequency += 1;
      if (frequency > 0) terms.push({ term, idf: bm25Idf(documentCount, frequency) });
    }
    terms.sort((x, y) => y.idf - x.idf);
    const used = terms.slice(0, this.maxQueryTerms);
    for (let slot = 0; slot < documentCount; slot += 1) {
      const document = documents[slot] as TextDocument;
      let score = 0;
      let matched = false;
      for (const { term, idf } of used) {
        const termCount = document.termCounts.get(term);
        if (termCount === undefined) continue;
        score += bm25Term(idf, termCount, document.length, averageLength, this.k1, this.b);
        matched = true;
      }
      if (matched) result.set(this.#memberIds[slot] as string, score);
    }
    return result;
  }
}

/** BM25 idf of a term held by `frequency` of `documentCount` documents. */
function bm25Idf(documentCount: number, frequency: number): number {
  return Math.log(1 + (documentCount - frequency + 0.5) / (frequency + 0.5));
}

/** One term's BM25 contribution to a document's score. */
function bm25Term(idf: number, termCount: number, length: number, averageLength: number, k1: number, b: number) {
  const norm = termCount + k1 * (1 - b + (b * length) / averageLength);
  return (idf * termCount * (k1 + 1)) / norm;
}
