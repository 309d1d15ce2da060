/** Ranking metrics of one test question, and their averages. */
export interface QuestionMetrics {
  r1: number;
  r3: number;
  r5: number;
  mrr: number;
  ndcg10: number;
}

/** The metric keys in report order. */
export const METRIC_KEYS: ReadonlyArray<keyof QuestionMetrics> = ['r1', 'r3', 'r5', 'mrr', 'ndcg10'];

/**
 * Metrics of a ranking given the 1-based ranks of the gold members in it (all golds are in the pool: metrics are
 * computed on covered questions, over the golds the pool holds). R@k is a hit rate: did anyone who really answered
 * land in the top k (the K experts who get a DM).
 */
export function metricsFromGoldRanks(goldRanks: readonly number[]): QuestionMetrics {
  const best = Math.min(...goldRanks);
  let dcg = 0;
  for (const rank of goldRanks) if (rank <= 10) dcg += 1 / Math.log2(rank + 1);
  return {
    r1: best <= 1 ? 1 : 0,
    r3: best <= 3 ? 1 : 0,
    r5: best <= 5 ? 1 : 0,
    mrr: 1 / best,
    ndcg10: dcg / idealDcg(goldRanks.length),
  };
}

function idealDcg(golds: number): number {
  let ideal = 0;
  for (let rank = 1; rank <= Math.min(golds, 10); rank += 1) ideal += 1 / Math.log2(rank + 1);
  return ideal;
}

/** Probability that none of `golds` members lands in the top `k` of a uniformly random order of `pool`. */
function missProbability(pool: number, golds: number, k: number): number {
  let probability = 1;
  for (let i = 0; i < Math.min(k, pool); i += 1) probability *= Math.max(0, pool - golds - i) / (pool - i);
  return probability;
}

/** Expected metrics of a uniformly random ranking (the analytic "random" baseline). */
export function randomExpectedMetrics(pool: number, golds: number): QuestionMetrics {
  let mrr = 0;
  for (let rank = 1; rank <= pool - golds + 1; rank += 1) {
    // P(first gold at rank) = P(miss the first rank-1) × P(gold at rank | missed so far).
    mrr += (missProbability(pool, golds, rank - 1) * (golds / (pool - rank + 1))) / rank;
  }
  let expectedDcg = 0;
  for (let rank = 1; rank <= Math.min(10, pool); rank += 1) expectedDcg += golds / pool / Math.log2(rank + 1);
  return {
    r1: 1 - missProbability(pool, golds, 1),
    r3: 1 - missProbability(pool, golds, 3),
    r5: 1 - missProbability(pool, golds, 5),
    mrr,
    ndcg10: expectedDcg / idealDcg(golds),
  };
}

/** The mean of each metric (zeros for an empty list). */
export function averageMetrics(rows: readonly QuestionMetrics[]): QuestionMetrics {
  const mean: QuestionMetrics = { r1: 0, r3: 0, r5: 0, mrr: 0, ndcg10: 0 };
  if (rows.length === 0) return mean;
  for (const row of rows) for (const key of METRIC_KEYS) mean[key] += row[key];
  for (const key of METRIC_KEYS) mean[key] /= rows.length;
  return mean;
}
