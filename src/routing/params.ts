/**
 * The router's parameters. Each is chosen for a reason that should hold in any community, not fitted to a dataset;
 * docs/routing.md explains them and shows the measurements.
 */
export interface RoutingParams {
  /** Half-life of "is answering these days". About a month: people's free time and interest shift over weeks. */
  activityHalfLifeDays: number;
  /** Half-life of topical expertise. Longer than activity: knowing a topic fades slower than being around. */
  tagHalfLifeDays: number;
  /** Extra weight of an accepted answer over a plain one (an accepted answer counts 1 + this). */
  acceptedBonus: number;
  /** Blend weights of the per-question normalised signals. */
  weights: { activity: number; tags: number; text: number; declared: number };
  /** BM25 parameters of the text-similarity signal (the usual defaults). */
  bm25: { k1: number; b: number };
  /** Balanced mode: each open routed question divides the score by (1 + this). */
  openLoadPenalty: number;
  /** Balanced mode: candidates whose scores are within this relative distance count as equally good. */
  fairnessTolerance: number;
}

/** The defaults the evaluation measures (docs/routing.md). */
export const DEFAULT_ROUTING_PARAMS: Readonly<RoutingParams> = Object.freeze({
  activityHalfLifeDays: 14,
  tagHalfLifeDays: 60,
  acceptedBonus: 1,
  weights: Object.freeze({ activity: 0.4, tags: 0.35, text: 0.25, declared: 0.1 }),
  bm25: Object.freeze({ k1: 1.2, b: 0.75 }),
  openLoadPenalty: 0.25,
  fairnessTolerance: 0.05,
});
