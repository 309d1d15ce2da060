import { expertiseFromHistory } from '../../../src/routing/expertise.js';
import { DEFAULT_ROUTING_PARAMS } from '../../../src/routing/params.js';
import type { AnswerRecord, CandidateFeatures, RoutingQuestion } from '../../../src/routing/routing.js';

/** The instant the tests rank at. */
export const NOW = new Date('2024-06-01T12:00:00Z');

/** A date `days` before NOW. */
export function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * 86_400_000);
}

/** An earlier answer on `tags`, `age` days old. */
export function answer(tags: string[], age: number, accepted = false, text = ''): AnswerRecord {
  return { questionTags: tags, questionText: text, answeredAt: daysAgo(age), accepted };
}

/** A candidate with neutral defaults and the given answer history. */
export function candidate(
  memberId: string,
  history: AnswerRecord[] = [],
  overrides: Partial<CandidateFeatures> = {},
): CandidateFeatures {
  return {
    memberId,
    isBot: false,
    deactivated: false,
    optedOut: false,
    snoozedUntil: null,
    declaredTags: [],
    earned: expertiseFromHistory(history, DEFAULT_ROUTING_PARAMS),
    lastActiveAt: history.at(-1)?.answeredAt ?? null,
    openRoutedCount: 0,
    routedThisWeek: 0,
    weeklyCap: null,
    lastRoutedAt: null,
    tagPenalties: {},
    ...overrides,
  };
}

/** A question asked at NOW by `asker`. */
export function question(tags: string[], overrides: Partial<RoutingQuestion> = {}): RoutingQuestion {
  return { askerId: 'asker', tags, text: '', askedAt: NOW, ...overrides };
}
