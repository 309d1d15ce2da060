import { spreadAmongNearEquals, withOpenLoadPenalty } from './balance.js';
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
 *
 * Scores are worked out in arrays, and a ScoredCandidate is only made for the few who can reach the top k: a route
 * ranks ~1,000 candidates, and an object (with boxed numbers) for each at every step was most of a route's garbage.
 */
export function rankCandidates(
  question: RoutingQuestion,
  candidates: readonly CandidateFeatures[],
  options: RankOptions,
): RankedCandidate[] {
  const params = options.params ?? DEFAULT_ROUTING_PARAMS;
  const query = buildTagQuery(canonicalTags(question.tags, question.synonyms), question.synonyms);
  const eligible = candidates.filter((candidate) => ineligibilityReason(candidate, question, options.now) === null);
  const blend = blendParts(question, query, eligible, options, params);
  let scores = blend.scores;
  if (options.model) scores = modelScores(options.model, eligible, blend, query, question.text, options, params);
  if (options.balanced) scores = withOpenLoadPenalty(scores, eligible, params);
  // Only candidates that can reach the top k need sorting: with fairness, anyone within the tolerance of the k-th.
  const contenders = contenderIndices(scores, options.k, options.balanced ? params.fairnessTolerance : 0);
  let scored = contenders.map((index) => scoredAt(blend, eligible, index, scores[index] as number));
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
  const blend = blendParts(question, query, eligible, options, params);
  return eligible.map((_, index) => scoredAt(blend, eligible, index, blend.scores[index] as number));
}

/** Each eligible candidate's weighted, normalised signal parts and blended score ("not my area" applied), by index. */
interface Blend {
  activity: Float64Array;
  tags: Float64Array;
  text: Float64Array;
  declared: Float64Array;
  scores: Float64Array;
}

function blendParts(
  question: RoutingQuestion,
  query: TagQuery,
  eligible: readonly CandidateFeatures[],
  options: Pick<RankOptions, 'now' | 'textIndex'>,
  params: RoutingParams,
): Blend {
  const count = eligible.length;
  const valuesPerCandidate = eligible.map((candidate) => tagValues(candidate, query, options.now, params));
  const idf = tagIdf(valuesPerCandidate, query.tags.length);
  const textScores = options.textIndex?.scores(question.text) ?? new Map<string, number>();
  const blend: Blend = {
    activity: new Float64Array(count),
    tags: new Float64Array(count),
    text: new Float64Array(count),
    declared: new Float64Array(count),
    scores: new Float64Array(count),
  };
  const max = { activity: 0, tags: 0, text: 0, declared: 0 };
  for (let index = 0; index < count; index += 1) {
    const candidate = eligible[index] as CandidateFeatures;
    const activity = activitySignal(candidate, options.now, params);
    const tags = tagSignal(valuesPerCandidate[index] as number[], idf);
    const text = textScores.get(candidate.memberId) ?? 0;
    const declared = declaredSignal(candidate, query);
    blend.activity[index] = activity;
    blend.tags[index] = tags;
    blend.text[index] = text;
    blend.declared[index] = declared;
    max.activity = Math.max(max.activity, activity);
    max.tags = Math.max(max.tags, tags);
    max.text = Math.max(max.text, text);
    max.declared = Math.max(max.declared, declared);
  }
  const { weights } = params;
  for (let index = 0; index < count; index += 1) {
    const activity = weights.activity * scale(blend.activity[index] as number, max.activity);
    const tags = weights.tags * scale(blend.tags[index] as number, max.tags);
    const text = weights.text * scale(blend.text[index] as number, max.text);
    const declared = weights.declared * scale(blend.declared[index] as number, max.declared);
    blend.activity[index] = activity;
    blend.tags[index] = tags;
    blend.text[index] = text;
    blend.declared[index] = declared;
    blend.scores[index] =
      (activity + tags + text + declared) * penaltyFactor(eligible[index] as CandidateFeatures, query);
  }
  return blend;
}

/** The ScoredCandidate of the index-th eligible candidate, with `score` (the blend's, or what replaced it). */
function scoredAt(blend: Blend, eligible: readonly CandidateFeatures[], index: number, score: number): ScoredCandidate {
  return {
    candidate: eligible[index] as CandidateFeatures,
    parts: {
      activity: blend.activity[index] as number,
      tags: blend.tags[index] as number,
      text: blend.text[index] as number,
      declared: blend.declared[index] as number,
    },
    score,
  };
}

/**
 * The learned model's scores in place of the blend's, as exp(logit − best logit) ∈ (0, 1] so that the load penalty and
 * the fairness tolerance keep their meaning (a ratio of scores = a difference of logits); penalties still multiply.
 * The parts of the blend stay for the reasons.
 */
function modelScores(
  model: RankerModel,
  eligible: readonly CandidateFeatures[],
  blend: Blend,
  query: TagQuery,
  text: string,
  options: Pick<RankOptions, 'now' | 'textIndex'>,
  params: RoutingParams,
): Float64Array {
  const scored = eligible.map((_, index) => scoredAt(blend, eligible, index, blend.scores[index] as number));
  const logits = modelLogits(model, featureVectors(scored, query, text, options.now, options.textIndex, params));
  const best = Math.max(...logits);
  return Float64Array.from(
    logits,
    (logit, index) => Math.exp(logit - best) * penaltyFactor(eligible[index] as CandidateFeatures, query),
  );
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

/**
 * The indices (in order) of the candidates scoring at least (1 − tolerance) × the k-th best score: the only ones that
 * can end in the top k.
 */
export function contenderIndices(scores: Float64Array, k: number, tolerance: number): number[] {
  const indices: number[] = [];
  // Keeping a sorted top-k list pays off only for the small k of a DM round; large k just sorts everything.
  if (k >= scores.length || k > 64 || k < 1) {
    for (let index = 0; index < scores.length; index += 1) indices.push(index);
    return indices;
  }
  const best: number[] = [];
  for (let index = 0; index < scores.length; index += 1) {
    const score = scores[index] as number;
    if (best.length < k) {
      best.push(score);
      if (best.length === k) best.sort((a, b) => b - a);
    } else if (score > (best[k - 1] as number)) {
      best[k - 1] = score;
      best.sort((a, b) => b - a);
    }
  }
  const threshold = (best[k - 1] as number) * (1 - tolerance);
  for (let index = 0; index < scores.length; index += 1)
    if ((scores[index] as number) >= threshold) indices.push(index);
  return indices;
}

/** value / max, and 0 when nobody has the signal (a signal nobody has cannot tell candidates apart). */
function scale(value: number, max: number): number {
  return max > 0 ? value / max : 0;
}
