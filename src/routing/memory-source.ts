import { emptyExpertise, recordAcceptance, recordAnswer } from './expertise.js';
import { DEFAULT_ROUTING_PARAMS, type RoutingParams } from './params.js';
import type { AnswerRecord, CandidateFeatures, RoutingQuestion } from './routing.js';
import type { RoutingSource } from './source.js';
import { MemberTextIndex, type TextSimilarity } from './text-index.js';

/** The parts of a member a test or the replay may set directly. */
export type MemberSettings = Partial<
  Pick<
    CandidateFeatures,
    | 'isBot'
    | 'deactivated'
    | 'optedOut'
    | 'snoozedUntil'
    | 'declaredTags'
    | 'openRoutedCount'
    | 'routedThisWeek'
    | 'weeklyCap'
    | 'lastRoutedAt'
    | 'tagPenalties'
  >
>;

/** Options of the in-memory source. */
export interface MemorySourceOptions {
  params?: RoutingParams;
  /** Offer only members with at least this many answers (the evaluation's pool rule); 0 offers everyone. */
  minAnswers?: number;
}

/**
 * An in-memory RoutingSource, fed event by event (answers, acceptances, activity, settings). It keeps each member's
 * earned-expertise aggregate and the text index up to date on write, so `candidatesFor` costs O(members).
 * The returned features are live views: callers must treat them as read-only.
 */
export class InMemoryRoutingSource implements RoutingSource {
  readonly #members = new Map<string, CandidateFeatures>();
  readonly #params: RoutingParams;
  readonly #minAnswers: number;
  readonly #textIndex: MemberTextIndex;

  constructor(options: MemorySourceOptions = {}) {
    this.#params = options.params ?? DEFAULT_ROUTING_PARAMS;
    this.#minAnswers = options.minAnswers ?? 0;
    this.#textIndex = new MemberTextIndex(this.#params.bm25.k1, this.#params.bm25.b);
  }

  /** The member's features, created with neutral defaults on first sight. */
  member(memberId: string): CandidateFeatures {
    let features = this.#members.get(memberId);
    if (features === undefined) {
      features = {
        memberId,
        isBot: false,
        deactivated: false,
        optedOut: false,
        snoozedUntil: null,
        declaredTags: [],
        earned: emptyExpertise(new Date(0)),
        lastActiveAt: null,
        openRoutedCount: 0,
        routedThisWeek: 0,
        weeklyCap: null,
        lastRoutedAt: null,
        tagPenalties: {},
      };
      this.#members.set(memberId, features);
    }
    return features;
  }

  /** Changes a member's declared expertise, availability or load. */
  updateMember(memberId: string, settings: MemberSettings): void {
    Object.assign(this.member(memberId), settings);
  }

  /** Records any activity (a message, a question, a reaction): it only moves `lastActiveAt`. */
  recordActivity(memberId: string, at: Date): void {
    const features = this.member(memberId);
    if (features.lastActiveAt === null || at > features.lastActiveAt) features.lastActiveAt = at;
  }

  /** Records an answer: earned expertise, the text profile and activity. */
  recordAnswer(memberId: string, answer: AnswerRecord): void {
    const features = this.member(memberId);
    recordAnswer(features.earned, answer, this.#params);
    this.#textIndex.addAnsweredQuestion(memberId, answer.questionText);
    this.recordActivity(memberId, answer.answeredAt);
  }

  /** Records that an earlier answer of the member was accepted. */
  recordAcceptance(memberId: string, answer: Pick<AnswerRecord, 'questionTags' | 'answeredAt'>): void {
    recordAcceptance(this.member(memberId).earned, answer, this.#params);
  }

  /** @inheritdoc */
  async candidatesFor(_question: RoutingQuestion): Promise<CandidateFeatures[]> {
    return this.candidatesNow();
  }

  /** The synchronous form of candidatesFor, for replays that do not need to await. */
  candidatesNow(): CandidateFeatures[] {
    const result: CandidateFeatures[] = [];
    for (const features of this.#members.values()) {
      if (features.earned.answerCount < this.#minAnswers) continue;
      result.push(features);
    }
    return result;
  }

  /** @inheritdoc */
  textSimilarity(): TextSimilarity {
    return this.#textIndex;
  }
}
