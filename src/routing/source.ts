import type { CandidateFeatures, RoutingQuestion } from './routing.js';
import type { TextSimilarity } from './text-index.js';

/**
 * Where the router gets its candidates. The in-memory implementation feeds the offline evaluation; the PostgreSQL
 * one serves `/ask`. Both return every member of the question's community that could be routed, with their
 * features as of `question.askedAt`; eligibility rules are applied by the router, not the source.
 */
export interface RoutingSource {
  candidatesFor(question: RoutingQuestion): Promise<CandidateFeatures[]>;
  /** Text similarity over the questions each member answered, when the source can provide it. */
  textSimilarity?(): TextSimilarity | undefined;
}
