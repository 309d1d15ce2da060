import { addToDecayingSum, emptyDecayingSum } from './decay.js';
import type { RoutingParams } from './params.js';
import type { AnswerPace, AnswerRecord, EarnedExpertise } from './routing.js';

/** The fixed half-lives of `EarnedExpertise.pace`, in days: 6 hours, a day, a week, a month. */
export const ANSWER_PACE_HALF_LIVES_DAYS: Readonly<Record<keyof AnswerPace, number>> = Object.freeze({
  hours: 0.25,
  day: 1,
  week: 7,
  month: 30,
});

/** Half-life of `EarnedExpertise.activeDays`. */
export const ACTIVE_DAYS_HALF_LIFE_DAYS = 14;

const utcDay = (at: Date) => Math.floor(at.getTime() / 86_400_000);

/** The parts of an answer that earned expertise is built from. */
export interface AnswerFact {
  questionTags: readonly string[];
  answeredAt: Date;
  accepted: boolean;
}

type HalfLives = Pick<RoutingParams, 'activityHalfLifeDays' | 'tagHalfLifeDays' | 'acceptedBonus'>;

/** A member with no answers yet. */
export function emptyExpertise(at: Date): EarnedExpertise {
  return {
    answerCount: 0,
    acceptedCount: 0,
    firstAnsweredAt: null,
    lastAnsweredAt: null,
    recentAnswers: emptyDecayingSum(at),
    pace: {
      hours: emptyDecayingSum(at),
      day: emptyDecayingSum(at),
      week: emptyDecayingSum(at),
      month: emptyDecayingSum(at),
    },
    activeDays: emptyDecayingSum(at),
    // No prototype: tags are user text, and one named "constructor" must not find Object.prototype's function.
    tags: Object.create(null) as EarnedExpertise['tags'],
  };
}

/**
 * Adds one answer to an aggregate, in place (the source owns the aggregate; ranking never mutates it). Tags are stored
 * as given: synonyms are a community setting that may change, so they are resolved when ranking.
 */
export function recordAnswer(expertise: EarnedExpertise, answer: AnswerFact, params: HalfLives): void {
  const weight = answer.accepted ? 1 + params.acceptedBonus : 1;
  // Answers arrive in time order (the source's write path, or sorted history), so a new day is one unlike the last.
  const previous = expertise.lastAnsweredAt;
  if (previous === null || utcDay(previous) !== utcDay(answer.answeredAt)) {
    expertise.activeDays = addToDecayingSum(expertise.activeDays, answer.answeredAt, 1, ACTIVE_DAYS_HALF_LIFE_DAYS);
  }
  expertise.answerCount += 1;
  if (answer.accepted) expertise.acceptedCount += 1;
  if (expertise.lastAnsweredAt === null || answer.answeredAt > expertise.lastAnsweredAt) {
    expertise.lastAnsweredAt = answer.answeredAt;
  }
  if (expertise.firstAnsweredAt === null || answer.answeredAt < expertise.firstAnsweredAt) {
    expertise.firstAnsweredAt = answer.answeredAt;
  }
  for (const key of Object.keys(ANSWER_PACE_HALF_LIVES_DAYS) as Array<keyof AnswerPace>) {
    expertise.pace[key] = addToDecayingSum(expertise.pace[key], answer.answeredAt, 1, ANSWER_PACE_HALF_LIVES_DAYS[key]);
  }
  expertise.recentAnswers = addToDecayingSum(
    expertise.recentAnswers,
    answer.answeredAt,
    1,
    params.activityHalfLifeDays,
  );
  for (const tag of new Set(answer.questionTags)) {
    const current = expertise.tags[tag] ?? {
      answers: 0,
      accepted: 0,
      recent: emptyDecayingSum(answer.answeredAt),
      lastAnsweredAt: answer.answeredAt,
    };
    current.answers += 1;
    if (answer.accepted) current.accepted += 1;
    current.recent = addToDecayingSum(current.recent, answer.answeredAt, weight, params.tagHalfLifeDays);
    if (answer.answeredAt > current.lastAnsweredAt) current.lastAnsweredAt = answer.answeredAt;
    expertise.tags[tag] = current;
  }
}

/**
 * Marks an earlier answer as accepted, in place. In Slack the asker accepts after the answer was written, so the
 * bonus is booked at the answer's time (its age is what decays) but arrives when the acceptance does.
 */
export function recordAcceptance(
  expertise: EarnedExpertise,
  answer: Omit<AnswerFact, 'accepted'>,
  params: HalfLives,
): void {
  expertise.acceptedCount += 1;
  for (const tag of new Set(answer.questionTags)) {
    const current = expertise.tags[tag];
    if (current === undefined) continue;
    current.accepted += 1;
    current.recent = addToDecayingSum(current.recent, answer.answeredAt, params.acceptedBonus, params.tagHalfLifeDays);
  }
}

/** Builds the aggregate from a raw answer history (what a source without a maintained aggregate can do). */
export function expertiseFromHistory(history: readonly AnswerRecord[], params: HalfLives): EarnedExpertise {
  const sorted = [...history].sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime());
  const expertise = emptyExpertise(sorted[0]?.answeredAt ?? new Date(0));
  for (const answer of sorted) recordAnswer(expertise, answer, params);
  return expertise;
}
