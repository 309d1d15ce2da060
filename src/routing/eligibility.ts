import type { CandidateFeatures, RoutingQuestion } from './routing.js';

/** Why a member cannot be routed a question right now. */
export type IneligibilityReason = 'asker' | 'bot' | 'deactivated' | 'opted-out' | 'snoozed' | 'at-weekly-cap';

/**
 * The hard rules, applied before any scoring: the asker, bots and deactivated members are never routed; members who
 * opted out, are snoozed, or have reached their weekly cap are skipped. Returns null when the member is eligible.
 */
export function ineligibilityReason(
  candidate: CandidateFeatures,
  question: RoutingQuestion,
  now: Date,
): IneligibilityReason | null {
  if (candidate.memberId === question.askerId) return 'asker';
  if (candidate.isBot) return 'bot';
  if (candidate.deactivated) return 'deactivated';
  if (candidate.optedOut) return 'opted-out';
  if (candidate.snoozedUntil !== null && candidate.snoozedUntil.getTime() > now.getTime()) return 'snoozed';
  if (candidate.weeklyCap !== null && candidate.routedThisWeek >= candidate.weeklyCap) return 'at-weekly-cap';
  return null;
}
