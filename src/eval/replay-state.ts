import { InMemoryRoutingSource } from '../routing/memory-source.js';
import { DEFAULT_ROUTING_PARAMS, type RoutingParams } from '../routing/params.js';
import { MemberTextIndex } from '../routing/text-index.js';
import type { Site, SiteAnswer, SiteQuestion } from './site.js';

/** One earlier answer as the baselines see it. */
export interface PastAnswer {
  at: number;
  tags: readonly string[];
}

/** The candidate pool needs this many earlier answers (protocol step 3). */
export const MIN_POOL_ANSWERS = 3;

/**
 * The dump has no acceptance timestamp (that lives in Votes.xml), so an acceptance is made known to the replay this
 * long after its answer was written: most askers accept within a day or two, and a later visibility only under-uses
 * the signal, never leaks the test question's own acceptance (that answer is after the question anyway).
 */
export const ACCEPTANCE_VISIBLE_AFTER_MS = 3 * 86_400_000;

type ReplayEvent =
  | { at: number; kind: 'answer' | 'acceptance'; answer: SiteAnswer }
  | { at: number; kind: 'question'; question: SiteQuestion };

const EVENT_ORDER = { question: 0, answer: 1, acceptance: 2 } as const;

/**
 * Everything known at a moment of the prequential replay: the production in-memory source (fed answers and
 * acceptances in time order) and the raw per-member history the baselines read. `advanceTo(t)` applies every event
 * strictly before t, so a test question's own answers never reach a profile.
 */
export class ReplayState {
  readonly source: InMemoryRoutingSource;
  /** The BM25 baseline's own index with the protocol's fixed k1/b, whatever the router's parameters are. */
  readonly baselineText = new MemberTextIndex(1.2, 0.75, Number.POSITIVE_INFINITY);
  readonly history = new Map<string, PastAnswer[]>();
  /** Question id → members whose answers to it have been applied. */
  readonly answeredBy = new Map<string, Set<string>>();
  readonly #events: ReplayEvent[];
  readonly #questions: Map<string, SiteQuestion>;
  #next = 0;

  constructor(site: Site, params: RoutingParams = DEFAULT_ROUTING_PARAMS) {
    this.source = new InMemoryRoutingSource({ params, minAnswers: MIN_POOL_ANSWERS });
    this.#questions = new Map(site.questions.map((question) => [question.id, question]));
    const accepted = new Set(site.questions.map((question) => question.acceptedAnswerId).filter((id) => id !== null));
    this.#events = site.answers
      .filter((answer) => this.#questions.has(answer.questionId))
      .flatMap((answer): ReplayEvent[] => {
        const written: ReplayEvent = { at: answer.createdAt.getTime(), kind: 'answer', answer };
        if (!accepted.has(answer.id)) return [written];
        return [written, { at: written.at + ACCEPTANCE_VISIBLE_AFTER_MS, kind: 'acceptance', answer }];
      })
      .concat(
        site.questions.flatMap((question): ReplayEvent[] =>
          question.askerId === null ? [] : [{ at: question.createdAt.getTime(), kind: 'question', question }],
        ),
      )
      .sort((a, b) => a.at - b.at || EVENT_ORDER[a.kind] - EVENT_ORDER[b.kind]);
  }

  /** Applies every answer and acceptance that happened strictly before `time`. */
  advanceTo(time: number): void {
    while (this.#next < this.#events.length && this.#events[this.#next]!.at < time) {
      this.#apply(this.#events[this.#next]!);
      this.#next += 1;
    }
  }

  #apply(event: ReplayEvent): void {
    if (event.kind === 'question') {
      // Asking is activity too: the bot sees every /ask.
      this.source.recordActivity(event.question.askerId!, event.question.createdAt);
      return;
    }
    const question = this.#questions.get(event.answer.questionId)!;
    const memberId = event.answer.answererId;
    if (event.kind === 'acceptance') {
      this.source.recordAcceptance(memberId, { questionTags: question.tags, answeredAt: event.answer.createdAt });
      return;
    }
    // Acceptance is not known yet when the answer is written; it arrives as its own event.
    this.source.recordAnswer(memberId, {
      questionTags: question.tags,
      questionText: question.text,
      answeredAt: event.answer.createdAt,
      accepted: false,
    });
    this.baselineText.addAnsweredQuestion(memberId, question.text);
    const past = this.history.get(memberId) ?? [];
    past.push({ at: event.at, tags: question.tags });
    this.history.set(memberId, past);
    const answerers = this.answeredBy.get(question.id) ?? new Set<string>();
    answerers.add(memberId);
    this.answeredBy.set(question.id, answerers);
  }
}
