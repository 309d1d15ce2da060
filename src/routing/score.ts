import { applyOpenLoadPenalty, spreadAmongNearEquals } from './balance.js';
import { ineligibilityReason } from './eligibility.js';
import { featureVectors } from './features.js';
import { modelLogits, type RankerModel } from './model.js';
import { DEFAULT_ROUTING_PARAMS, type RoutingParams } from './params.js';
import { explainPick } from './reasons.js';
import type { CandidateFeatures, RankedCandidate, RoutingQuestion } from './routing.js';
import {
  activitySignal,
  buildTagQuery,
  declaredSignal,
  penaltyFactor,
  type TagQuery,
  tagIdf,
  tagSignal,
  tagValues,
} from './signals.js';
import { canonicalTags } from './tags.js';
import type { TextSimilarity } from './text-index.js';

/** Options of one ranking call. */
export interface RankOptions {
  now: Date;
  /** How many members to return (the community's "experts per question"). */
  k: number;
  /** Penalise open load and spread routings among near-equal candidates. */
  balanced: boolean;
  /** Text similarity to the questions members answered; without it the text signal is left out. */
  textIndex?: TextSimilarity;
  params?: RoutingParams;
  /** The community's learned ranker (model.ts); without it the hand-set blend ranks. */
  model?: RankerModel | null;
}

/** What each signal adds to a candidate's score: weight × (signal / best candidate's signal for this question). */
export interface SignalParts {
  activity: number;
  tags: number;
  text: number;
  declared: number;
}

/** A candidate with its score and the parts it is made of. */
export interface ScoredCandidate {
  candidate: CandidateFeatures;
  /** The weighted, normalised contribution of each signal (they sum to the score before penalties and load). */
  parts: SignalParts;
  score: number;
}

/**
 * Ranks the members for a question: drops the ineligible (asker, bots, deactivated, opted out, snoozed, at cap),
 * scores the rest with the blend of normalised signals, applies "not my area" penalties and, when balanced, load.
 * Pure: same inputs, same output; nothing is mutated.
 */
export function rankCandidates(
  question: RoutingQuestion,
  candidates: readonly CandidateFeatures[],
  options: RankOptions,
): RankedCandidate[] {
  const params = options.params ?? DEFAULT_ROUTING_PARAMS;
  const query = buildTagQuery(canonicalTags(question.tags, question.synonyms), question.synonyms);
  const eligible = candidates.filter((candidate) => ineligibilityReason(candidate, question, options.now) === null);
  let scored = scoreCandidates(question, query, eligible, options, params);
  if (options.model) scored = applyModel(options.model, scored, query, question.text, options, params);
  if (options.balanced) scored = applyOpenLoadPenalty(scored, params);
  // Only candidates that can reach the top k need sorting: with fairness, anyone within the tolerance of the k-th.
  scored = contendersForTop(scored, options.k, options.balanced ? params.fairnessTolerance : 0);
  scored.sort(byScoreThenExperience);
  if (options.balanced) scored = spreadAmongNearEquals(scored, params.fairnessTolerance);
  return scored.slice(0, options.k).map((entry) => ({
    memberId: entry.candidate.memberId,
    score: entry.score,
    reasons: explainPick(entry, query, options.now, options.textIndex),
  }));
}

/** Computes every signal, normalises each by its maximum over the pool and blends them with the weights. */
export function scoreCandidates(
  question: RoutingQuestion,
  query: TagQuery,
  eligible: readonly CandidateFeatures[],
  options: Pick<RankOptions, 'now' | 'textIndex'>,
  params: RoutingParams,
): ScoredCandidate[] {
  const valuesPerCandidate = eligible.map((candidate) => tagValues(candidate, query, options.now, params));
  const idf = tagIdf(valuesPerCandidate, query.tags.length);
  const textScores = options.textIndex?.scores(question.text) ?? new Map<string, number>();
  const raw = eligible.map((candidate, index) => ({
    candidate,
    parts: {
      activity: activitySignal(candidate, options.now, params),
      tags: tagSignal(valuesPerCandidate[index]!, idf),
      text: textScores.get(candidate.memberId) ?? 0,
      declared: declaredSignal(candidate, query),
    },
  }));
  const max = maxOfEachPart(raw.map((entry) => entry.parts));
  const { weights } = params;
  return raw.map(({ candidate, parts }) => {
    const contributions: SignalParts = {
      activity: weights.activity * scale(parts.activity, max.activity),
      tags: weights.tags * scale(parts.tags, max.tags),
      text: weights.text * scale(parts.text, max.text),
      declared: weights.declared * scale(parts.declared, max.declared),
    };
    const blended = contributions.activity + contributions.tags + contributions.text + contributions.declared;
    return { candidate, parts: contributions, score: blended * penaltyFactor(candidate, query) };
  });
}

/**
 * Replaces each blended score by the learned model's, as exp(logit − best logit) ∈ (0, 1] so that the load penalty and
 * the fairness tolerance keep their meaning (a ratio of scores = a difference of logits); penalties still multiply.
 * The parts of the blend stay for the reasons.
 */
function applyModel(
  model: RankerModel,
  scored: readonly ScoredCandidate[],
  query: TagQuery,
  text: string,
  options: Pick<RankOptions, 'now' | 'textIndex'>,
  params: RoutingParams,
): ScoredCandidate[] {
  const logits = modelLogits(model, featureVectors(scored, query, text, options.now, options.textIndex, params));
  const best = Math.max(...logits);
  return scored.map((entry, index) => ({
    ...entry,
    score: Math.exp(logits[index]! - best) * penaltyFactor(entry.candidate, query),
  }));
}

/**
 * The learned ranker's feature vectors for a question's eligible pool (what a trainer stores for each past question),
 * with the member ids in the same order.
 */
export function rankingFeatures(
  question: RoutingQuestion,
  candidates: readonly CandidateFeatures[],
  options: Pick<RankOptions, 'now' | 'textIndex' | 'params'>,
): { memberIds: string[]; vectors: number[][] } {
  const params = options.params ?? DEFAULT_ROUTING_PARAMS;
  const query = buildTagQuery(canonicalTags(question.tags, question.synonyms), question.synonyms);
  const eligible = candidates.filter((candidate) => ineligibilityReason(candidate, question, options.now) === null);
  const scored = scoreCandidates(question, query, eligible, options, params);
  return {
    memberIds: eligible.map((candidate) => candidate.memberId),
    vectors: featureVectors(scored, query, question.text, options.now, options.textIndex, params),
  };
}

/** Higher score first; equal scores go to the member with more answers, then a stable id order. */
export function byScoreThenExperience(a: ScoredCandidate, b: ScoredCandidate): number {
  return (
    b.score - a.score ||
    b.candidate.earned.answerCount - a.candidate.earned.answerCount ||
    (a.candidate.memberId < b.candidate.memberId ? -1 : a.candidate.memberId > b.candidate.memberId ? 1 : 0)
  );
}

/** The candidates scoring at least (1 − tolerance) × the k-th best score: the only ones that can end in the top k. */
export function contendersForTop(scored: ScoredCandidate[], k: number, tolerance: number): ScoredCandidate[] {
  // Keeping a sorted top-k list pays off only for the small k of a DM round; large k just sorts everything.
  if (k >= scored.length || k > 64 || k < 1) return scored;
  const best: number[] = [];
  for (const entry of scored) {
    if (best.length < k) {
      best.push(entry.score);
      if (best.length === k) best.sort((a, b) => b - a);
    } else if (entry.score > best[k - 1]!) {
      best[k - 1] = entry.score;
      best.sort((a, b) => b - a);
    }
  }
  const threshold = best[k - 1]! * (1 - tolerance);
  return scored.filter((entry) => entry.score >= threshold);
}

function maxOfEachPart(parts: readonly SignalParts[]): SignalParts {
  const max: SignalParts = { activity: 0, tags: 0, text: 0, declared: 0 };
  for (const part of parts) {
    max.activity = Math.max(max.activity, part.activity);
    max.tags = Math.max(max.tags, part.tags);
    max.text = Math.max(max.text, part.text);
    max.declared = Math.max(max.declared, part.declared);
  }
  return max;
}

/** value / max, and 0 when nobody has the signal (a signal nobody has cannot tell candidates apart). */
function scale(value: number, max: number): number {
  return max > 0 ? value / max : 0;
}
