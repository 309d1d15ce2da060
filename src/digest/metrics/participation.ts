import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type ActivityWindow, type MemberFact, micros } from './activity-window.js';
import { PairMap, pairHistory } from './member-history.js';
import { ratio } from './sql.js';
import type { MetricWindow, ParticipationMetrics } from './types.js';

export { ENERGY_WEIGHTS } from './energy.js';

type Db = Kysely<Database>;

/** Distinct human users with an engaged event in the window the flag stands for (B1). */
function engagedUsers(facts: MemberFact[], flag: 'engagedWeek' | 'engagedPrev' | 'engaged28d'): number {
  return new Set(facts.filter((f) => !f.bot && f[flag]).map((f) => f.userId)).size;
}

/**
 * People in the community channels at t0, estimated from the event log: everyone (not a bot) who has ever been
 * active or joined, minus those whose latest membership event is a leave. The bot cannot see silent members who
 * were there before it, so this undercounts early on; the processor may pass Slack's own count instead.
 * Members active in the recent window are decided from it; only the others are looked up one by one.
 */
async function knownMembers(db: Db, w: MetricWindow, win: ActivityWindow): Promise<number> {
  const [facts, inWindow, pairs] = await Promise.all([win.facts(), win.factsByPair(), win.pairs()]);
  // A membership event inside the window is later than any before it, so the window decides those users.
  const membership = new Map<string, { join: number; left: number }>();
  // Instants in epoch microseconds, as the window reports them.
  const note = (userId: string, join: number | null, left: number | null) => {
    const m = membership.get(userId) ?? { join: -Infinity, left: -Infinity };
    membership.set(userId, { join: Math.max(m.join, join ?? -Infinity), left: Math.max(m.left, left ?? -Infinity) });
  };
  for (const f of facts) if (f.lastJoin || f.lastLeft) note(f.userId, f.lastJoin, f.lastLeft);
  const decided = new Set(membership.keys());
  // A pair is "seen" at t0 when it has an event before t0: those in the window, and those whose first event (from
  // the summary) is older. A pair first seen after t0 has no membership event before it either, so it is skipped.
  const t0 = micros(w.end);
  const probe = pairs.filter((p) => p.firstEvent < t0 && (!inWindow.has(p) || !decided.has(p.userId)));
  const history = await pairHistory(db, w.communityId, probe, w.end);
  const probed = new PairMap<{ bot: boolean }>();
  for (const h of history) {
    if (!decided.has(h.userId)) note(h.userId, h.lastJoin, h.lastLeft);
    probed.set(h, h);
  }
  const hasLeft = (userId: string) => {
    const m = membership.get(userId);
    return m !== undefined && m.left > -Infinity && m.left >= m.join;
  };
  let n = 0;
  for (const p of pairs) {
    const known = inWindow.get(p) ?? probed.get(p);
    if (known && !known.bot && !hasLeft(p.userId)) n++;
  }
  return n;
}

/** B1–B4 (B5 compares these with the stored snapshots; see trends.ts). */
export async function participationMetrics(
  db: Db,
  w: MetricWindow,
  win: ActivityWindow,
  options: { channelMembers?: number } = {},
): Promise<ParticipationMetrics> {
  const [facts, totals, members] = await Promise.all([
    win.facts(),
    win.totals(),
    options.channelMembers === undefined ? knownMembers(db, w, win) : Promise.resolve(options.channelMembers),
  ]);
  const engaged = engagedUsers(facts, 'engagedWeek');
  const engaged28d = engagedUsers(facts, 'engaged28d');
  return {
    engagedMembers: engaged,
    engagedMembersPrev: engagedUsers(facts, 'engagedPrev'),
    channelMembers: members,
    participationRate: ratio(engaged, members),
    engaged28d,
    stickiness: ratio(engaged, engaged28d),
    energy: totals.energy,
    energyPrev: totals.energyPrev,
    messages: totals.messages,
    replies: totals.replies,
    reactions: totals.reactions,
  };
}
