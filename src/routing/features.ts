import { ageInDays, decayedValue } from './decay.js';
import { ACTIVE_DAYS_HALF_LIFE_DAYS, ANSWER_PACE_HALF_LIVES_DAYS } from './expertise.js';
import type { RoutingParams } from './params.js';
import type { CandidateFeatures } from './routing.js';
import type { ScoredCandidate } from './score.js';
import { declaredSignal, type TagQuery, tagIdf, tagValues } from './signals.js';
import type { TextSimilarity } from './text-index.js';

/**
 * The learned ranker's inputs for one (question, member) pair, in this order. Every value is something the bot knows
 * at ask time from its own records (answers with their times and tags, activity, declared tags): no vote counts,
 * reputation or other values a community only knows later. Counts enter as log(1 + x) so that, in the per-question
 * softmax the model is trained with, a difference means a ratio ("twice as active"), whatever the community's size.
 */
export const FEATURE_NAMES = [
  'blend', // the hand-set blend score / the pool's best: the model starts from what works without training
  'paceHours', // answers decaying with a 6 h half-life: in a session right now
  'paceDay',
  'paceWeek',
  'paceMonth',
  'answers', // all-time answers
  'hoursSinceAnswer',
  'hoursSinceActive', // any activity, asking included
  'tenureDays', // since the first answer
  'tagSignal', // idf-weighted recent answers on the question's tags / the pool's best
  'tagSignalLog',
  'tagAnswers', // answers on the question's tags, all time
  'tagFocus', // share of the member's answers on the question's best tag
  'hoursSinceTagAnswer', // since the last answer on any of the question's tags
  'text', // BM25 against the questions the member answered / the pool's best
  'textLog',
  'declared', // share of the question's tags the member declared
  'acceptRate', // smoothed share of the member's answers the asker accepted
  'activeDays', // distinct days with an answer, recent ones weighing more: regular visitors come back
] as const;

/** Number of features per pair. */
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** What "never" counts as for the elapsed-time features: a year. */
const NEVER_HOURS = 24 * 365;

function logHoursSince(then: Date | null, now: Date): number {
  return Math.log1p(then === null ? NEVER_HOURS : Math.min(NEVER_HOURS, ageInDays(then, now) * 24));
}

function ratio(value: number, max: number): number {
  return max > 0 ? value / max : 0;
}

/**
 * The feature vector of each scored candidate (same order), from the blend's own parts plus the candidate's
 * aggregates. `scored` must be the output of scoreCandidates for the same question and pool.
 */
export function featureVectors(
  scored: readonly ScoredCandidate[],
  query: TagQuery,
  questionText: string,
  now: Date,
  textIndex: TextSimilarity | undefined,
  params: RoutingParams,
): number[][] {
  const candidates = scored.map((entry) => entry.candidate);
  const values = candidates.map((candidate) => tagValues(candidate, query, now, params));
  const idf = tagIdf(values, query.tags.length);
  const tagSignals = values.map((row) => row.reduce((sum, value, index) => sum + idf[index]! * value, 0));
  const textScores = textIndex?.scores(questionText) ?? new Map<string, number>();
  const texts = candidates.map((candidate) => textScores.get(candidate.memberId) ?? 0);
  const maxBlend = Math.max(0, ...scored.map((entry) => entry.score));
  const maxTag = Math.max(0, ...tagSignals);
  const maxText = Math.max(0, ...texts);
  return scored.map((entry, index) => {
    const candidate = entry.candidate;
    const topic = topicalHistory(candidate, query);
    return [
      ratio(entry.score, maxBlend),
      ...paceFeatures(candidate, now),
      Math.log1p(candidate.earned.answerCount),
      logHoursSince(candidate.earned.lastAnsweredAt, now),
      logHoursSince(candidate.lastActiveAt ?? candidate.earned.lastAnsweredAt, now),
      Math.log1p(candidate.earned.firstAnsweredAt === null ? 0 : ageInDays(candidate.earned.firstAnsweredAt, now)),
      ratio(tagSignals[index]!, maxTag),
      Math.log1p(tagSignals[index]!),
      Math.log1p(topic.answers),
      topic.best / Math.max(1, candidate.earned.answerCount),
      logHoursSince(topic.last, now),
      ratio(texts[index]!, maxText),
      Math.log1p(texts[index]!),
      declaredSignal(candidate, query),
      (candidate.earned.acceptedCount + 1) / (candidate.earned.answerCount + 2),
      Math.log1p(decayedValue(candidate.earned.activeDays, now, ACTIVE_DAYS_HALF_LIFE_DAYS)),
    ];
  });
}

/** log(1 + answers) at each fixed half-life of `EarnedExpertise.pace`. */
function paceFeatures(candidate: CandidateFeatures, now: Date): number[] {
  const { pace } = candidate.earned;
  return (['hours', 'day', 'week', 'month'] as const).map((key) =>
    Math.log1p(decayedValue(pace[key], now, ANSWER_PACE_HALF_LIVES_DAYS[key])),
  );
}

/** Answers on the question's tags: total, on the best tag, and the latest. */
function topicalHistory(
  candidate: CandidateFeatures,
  query: TagQuery,
): { answers: number; best: number; last: Date | null } {
  let answers = 0;
  let best = 0;
  let last: Date | null = null;
  for (const tag of query.tags) {
    let onTag = 0;
    for (const spelling of query.aliases.get(tag) ?? [tag]) {
      const expertise = candidate.earned.tags[spelling];
      if (expertise === undefined) continue;
      onTag += expertise.answers;
      if (last === null || expertise.lastAnsweredAt > last) last = expertise.lastAnsweredAt;
    }
    answers += onTag;
    best = Math.max(best, onTag);
  }
  return { answers, best, last };
}
