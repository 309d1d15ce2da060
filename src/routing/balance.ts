import type { RoutingParams } from './params.js';
import type { CandidateFeatures } from './routing.js';
import type { ScoredCandidate } from './score.js';

/**
 * Divides each candidate's score (same index) by (1 + penalty × open routed questions): busy members are asked less,
 * not never.
 */
export function withOpenLoadPenalty(
  scores: Float64Array,
  candidates: readonly CandidateFeatures[],
  params: RoutingParams,
): Float64Array {
  return scores.map(
    (score, index) => score / (1 + params.openLoadPenalty * (candidates[index] as CandidateFeatures).openRoutedCount),
  );
}

/**
 * Fairness between equally good candidates: walks the ranking (best first), groups runs of candidates whose score
 * is within `tolerance` (relative) of the run's leader, and orders each run by fewest routings this week, then
 * longest since their last routing. Differences bigger than the tolerance are never overturned.
 */
export function spreadAmongNearEquals(ranked: readonly ScoredCandidate[], tolerance: number): ScoredCandidate[] {
  const result: ScoredCandidate[] = [];
  let start = 0;
  while (start < ranked.length) {
    const leader = ranked[start]!.score;
    let end = start + 1;
    while (end < ranked.length && leader - ranked[end]!.score <= tolerance * leader) end += 1;
    result.push(...ranked.slice(start, end).sort(byLeastRecentlyRouted));
    start = end;
  }
  return result;
}

function byLeastRecentlyRouted(a: ScoredCandidate, b: ScoredCandidate): number {
  const weekly = a.candidate.routedThisWeek - b.candidate.routedThisWeek;
  if (weekly !== 0) return weekly;
  const aLast = a.candidate.lastRoutedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const bLast = b.candidate.lastRoutedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return aLast - bLast || b.score - a.score;
}
