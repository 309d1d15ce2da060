import type { CandidateFeatures } from '../routing/routing.js';

const HOUR_MS = 3_600_000;

/** How long a routed question counts as open load if the member has not answered it (a working weekend). */
export const OPEN_WINDOW_MS = 48 * HOUR_MS;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** Experts DMed per question in the replay (the product's default K). */
export const ROUTED_PER_QUESTION = 3;

interface Routing {
  questionId: string;
  at: number;
}

/**
 * The load the balanced router would have created during the replay: every test question is "routed" to the balanced
 * router's top K. A routing stays open for 48 h unless the member answered that question in the meantime, and counts
 * towards the week for 7 days. There is no weekly cap in the replay (a cap would hide real answerers by design).
 */
export class SimulatedLoad {
  readonly #routings = new Map<string, Routing[]>();

  /** Records that `memberIds` were DMed `questionId` at `at`. */
  record(memberIds: readonly string[], questionId: string, at: number): void {
    for (const memberId of memberIds) {
      const routings = this.#routings.get(memberId) ?? [];
      routings.push({ questionId, at });
      this.#routings.set(memberId, routings);
    }
  }

  /** The load features of a member at `now`, given who has answered what so far. */
  loadOf(
    memberId: string,
    now: number,
    answeredBy: ReadonlyMap<string, ReadonlySet<string>>,
  ): Pick<CandidateFeatures, 'openRoutedCount' | 'routedThisWeek' | 'lastRoutedAt'> {
    const routings = this.#routings.get(memberId) ?? [];
    let openRoutedCount = 0;
    let routedThisWeek = 0;
    for (const routing of routings) {
      const age = now - routing.at;
      if (age < WEEK_MS) routedThisWeek += 1;
      if (age < OPEN_WINDOW_MS && !answeredBy.get(routing.questionId)?.has(memberId)) openRoutedCount += 1;
    }
    const last = routings.at(-1);
    return { openRoutedCount, routedThisWeek, lastRoutedAt: last === undefined ? null : new Date(last.at) };
  }
}
