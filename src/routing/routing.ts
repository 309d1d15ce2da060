/**
 * Domain types of the expert router. Everything here is plain data a Slack bot can know about its members
 * (declared tags, the answers they gave in the community, activity timestamps, availability and load), so the
 * PostgreSQL source and the offline evaluation fill exactly the same shapes.
 */

/** A question as `/ask` hands it to the router. */
export interface RoutingQuestion {
  askerId: string;
  tags: string[];
  /** Title and details, plain text (HTML/markdown already stripped). */
  text: string;
  askedAt: Date;
  /** The community's tag synonyms: synonym → canonical tag (e.g. `pg` → `postgres`). */
  synonyms?: Record<string, string>;
}

/**
 * A sum of events that decays with a half-life: its worth at `asOf` is `value`; later it is
 * `value * 0.5^((t - asOf) / halfLife)`. Storing the aggregate instead of the raw history keeps ranking
 * O(candidates) instead of O(answers), and the source can maintain it on write (or compute it in SQL).
 */
export interface DecayingSum {
  value: number;
  asOf: Date;
}

/** What a member has earned on one (canonical) tag. */
export interface TagExpertise {
  answers: number;
  accepted: number;
  /** Answers on this tag, accepted ones weighted up, decaying with the tag half-life. */
  recent: DecayingSum;
  lastAnsweredAt: Date;
}

/**
 * Answers decaying with fixed half-lives of hours, a day, a week and a month (see ANSWER_PACE_HALF_LIVES_DAYS in
 * expertise.ts): "is in a session right now", "was around today", "this week", "this month". The learned ranker weighs
 * them per community; fixed half-lives keep the stored aggregate independent of any tuning.
 */
export interface AnswerPace {
  hours: DecayingSum;
  day: DecayingSum;
  week: DecayingSum;
  month: DecayingSum;
}

/** A member's earned expertise, aggregated from the answers they gave (see expertise.ts). */
export interface EarnedExpertise {
  answerCount: number;
  acceptedCount: number;
  /** The member's first answer (tenure); null before any. */
  firstAnsweredAt: Date | null;
  lastAnsweredAt: Date | null;
  /** All answers, decaying with the activity half-life: "who is answering these days". */
  recentAnswers: DecayingSum;
  /** All answers at several fixed half-lives (short-term activity). */
  pace: AnswerPace;
  /**
   * Distinct (UTC) days with an answer, decaying with a 14-day half-life: a regular visitor comes back, a one-day
   * burst of the same size often does not.
   */
  activeDays: DecayingSum;
  /** Keyed by canonical tag. */
  tags: Record<string, TagExpertise>;
}

/** One earlier answer by a member: the raw history the aggregate is built from. */
export interface AnswerRecord {
  questionTags: string[];
  questionText: string;
  answeredAt: Date;
  accepted: boolean;
}

/** Everything the router knows about one candidate member. */
export interface CandidateFeatures {
  memberId: string;
  isBot: boolean;
  deactivated: boolean;
  optedOut: boolean;
  snoozedUntil: Date | null;
  /** Tags the member declared with `/expertise` (synonyms allowed; they are canonicalised). */
  declaredTags: string[];
  earned: EarnedExpertise;
  /** Last time the member did anything in the community (message, reaction, question, answer). */
  lastActiveAt: Date | null;
  /** Questions routed to the member that are still open and unanswered by them. */
  openRoutedCount: number;
  routedThisWeek: number;
  /** Most routed questions per week the member accepts; null = no cap. */
  weeklyCap: number | null;
  lastRoutedAt: Date | null;
  /** "Not my area" feedback: tag → penalty in [0, 1] (1 = never route this tag to them). */
  tagPenalties: Record<string, number>;
}

/** The kinds of evidence a pick can be explained by. */
export type RoutingReasonKind = 'tag-answers' | 'similar-questions' | 'declared' | 'recently-active';

/** One piece of evidence behind a pick, strongest first in `RankedCandidate.reasons`. */
export interface RoutingReason {
  kind: RoutingReasonKind;
  /** The signal's share of the candidate's score, 0..1. */
  weight: number;
  /** Canonical tags involved (tag reasons). */
  tags: string[];
  /** How many answers back the reason (tag answers in the window, similar answered questions). */
  count: number;
  /** The human sentence for the DM. */
  text: string;
}

/** A ranked candidate. */
export interface RankedCandidate {
  memberId: string;
  score: number;
  reasons: RoutingReason[];
}
