import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type ActivityWindow, type MemberFact, micros } from './activity-window.js';
import { pairHistory } from './member-history.js';
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
 * Users with a join or leave in the recent window are decided from it; only the others' pairs are looked up one by
 * one. It needs neither the member window's activity aggregate nor its facts, so it runs beside them.
 */
async function knownMembers(db: Db, w: MetricWindow, win: ActivityWindow): Promise<number> {
  const [recent, pairs] = await Promise.all([win.membership(), win.pairs()]);
  // A membership event inside the window is later than any before it, so the window decides those users.
  const membership = new Map<string, { join: number; left: number }>();
  // Instants in epoch microseconds, as the window reports them.
  const note = (userId: string, join: number | null, left: number | null) => {
    const m = membership.get(userId);
    if (m === undefined) membership.set(userId, { join: join ?? -Infinity, left: left ?? -Infinity });
    else {
      m.join = Math.max(m.join, join ?? -Infinity);
      m.left = Math.max(m.left, left ?? -Infinity);
    }
  };
  for (const r of recent) note(r.userId, r.lastJoin, r.lastLeft);
  const decided = new Set(membership.keys());
  // Pairs with an event before t0 (the summary's first event): a pair first seen later was not there at t0.
  const t0 = micros(w.end);
  const seen = pairs.filter((p) => p.firstEvent < t0);
  const history = await pairHistory(
    db,
    w.communityId,
    seen.filter((p) => !decided.has(p.userId)),
    w.end,
  );
  for (const h of history) note(h.userId, h.lastJoin, h.lastLeft);
  const hasLeft = (userId: string) => {
    const m = membership.get(userId);
    return m !== undefined && m.left > -Infinity && m.left >= m.join;
  };
  let n = 0;
  for (const p of seen) if (!p.bot && !hasLeft(p.userId)) n++;
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
