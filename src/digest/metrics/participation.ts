import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ActivityWindow } from './activity-window.js';
import { knownMembers } from './known-members.js';
import { forEachUser, MemberFlag, type MemberState } from './member-state.js';
import { ratio } from './sql.js';
import type { MetricWindow, ParticipationMetrics } from './types.js';

export { ENERGY_WEIGHTS } from './energy.js';

type Db = Kysely<Database>;

/** Distinct human users with an engaged event in the window the flag stands for (B1): userFlags covers them. */
function engagedUsers(members: MemberState[], flag: number): number {
  let n = 0;
  forEachUser(members, (start) => {
    if ((members[start].userFlags & flag) !== 0) n++;
  });
  return n;
}

/** B1–B4 (B5 compares these with the stored snapshots; see trends.ts). */
export async function participationMetrics(
  db: Db,
  w: MetricWindow,
  win: ActivityWindow,
  options: { channelMembers?: number } = {},
): Promise<ParticipationMetrics> {
  const [states, totals] = await Promise.all([win.members(), win.totals()]);
  const members = options.channelMembers ?? (await knownMembers(db, w, states));
  const engaged = engagedUsers(states, MemberFlag.engagedWeek);
  const engaged28d = engagedUsers(states, MemberFlag.engaged28d);
  return {
    engagedMembers: engaged,
    engagedMembersPrev: engagedUsers(states, MemberFlag.engagedPrev),
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
