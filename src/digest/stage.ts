import type { Snapshot, WeekMetrics } from './metrics/types.js';
import { mean } from './trends.js';

/**
 * The "likely stage" hint (Wenger, McDermott & Snyder 2002), a heuristic shown with a caveat and never an alert:
 * coalescing = members and new contributors rising while knowledge is low; maturing = knowledge growing;
 * stewardship = flat engagement and few new contributors; transformation watch = engagement down 50% over 8 weeks.
 */
export function likelyStage(m: WeekMetrics, history: Snapshot[]): string | null {
  if (history.length < 4) return null;
  const first = history[0].engagedMembers;
  const now = m.participation.engagedMembers;
  if (first >= 4 && now <= first * 0.5) return 'transformation watch';
  const earlier = mean(history.slice(0, -4).map((s) => s.entriesCreated)) ?? 0;
  const recent = mean([...history.slice(-3).map((s) => s.entriesCreated), m.knowledge.entriesCreated]) ?? 0;
  const joinedRecent = mean([...history.slice(-3).map((s) => s.joined), m.membership.joined]) ?? 0;
  if (joinedRecent >= 1 && m.membership.newContributorCount >= 1 && recent < 1) return 'coalescing';
  if (recent >= 1 && recent > earlier) return 'maturing';
  const wem = mean(history.slice(-4).map((s) => s.engagedMembers)) ?? 0;
  if (wem > 0 && Math.abs(now - wem) / wem < 0.1 && m.membership.newContributorCount === 0) return 'stewardship';
  return null;
}
