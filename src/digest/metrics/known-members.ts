import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { pairHistory } from './member-history.js';
import { forEachUser, has, MemberFlag, type MemberState } from './member-state.js';
import type { MetricWindow } from './types.js';

type Db = Kysely<Database>;

/**
 * People in the community channels at t0 (B2's denominator), estimated from the event log: every (user, team) that
 * is not a bot and has an event before t0, unless the user's latest membership event before t0, on any team, is a
 * leave. The bot cannot see silent members who were there before it, so this undercounts early on; the processor may
 * pass Slack's own count instead.
 *
 * Decided from the member states: a membership event in the member window is later than any before it, so the
 * window decides the users it holds; a user none of whose pairs ever left before t0 has not left. Only the remaining
 * users' pairs are looked up in their history (one backward descent per pair and kind).
 */
export async function knownMembers(db: Db, w: MetricWindow, members: MemberState[]): Promise<number> {
  const counted = (start: number, end: number) => {
    let n = 0;
    for (let i = start; i < end; i++) if (has(members[i], MemberFlag.seen) && !has(members[i], MemberFlag.bot)) n++;
    return n;
  };
  const gone = (join: number, left: number) => left > -Infinity && left >= join;
  let n = 0;
  const undecided: Array<{ start: number; end: number }> = [];
  forEachUser(members, (start, end) => {
    let join = -Infinity;
    let left = -Infinity;
    let decided = false;
    let leftOnce = false;
    for (let i = start; i < end; i++) {
      const m = members[i];
      if (m.lastJoin !== null || m.lastLeft !== null) decided = true;
      join = Math.max(join, m.lastJoin ?? -Infinity);
      left = Math.max(left, m.lastLeft ?? -Infinity);
      if (has(m, MemberFlag.leftBefore)) leftOnce = true;
    }
    if (!decided && leftOnce) undecided.push({ start, end });
    else if (!decided || !gone(join, left)) n += counted(start, end);
  });
  if (undecided.length === 0) return n;
  const pairs = undecided.flatMap(({ start, end }) => members.slice(start, end).filter((m) => has(m, MemberFlag.seen)));
  const history = await pairHistory(db, w.communityId, pairs, w.end);
  // pairHistory answers in the order asked, so each user's rows are the next ones.
  let k = 0;
  for (const { start, end } of undecided) {
    let join = -Infinity;
    let left = -Infinity;
    for (let i = start; i < end; i++) {
      if (!has(members[i], MemberFlag.seen)) continue;
      const h = history[k++];
      join = Math.max(join, h?.lastJoin ?? -Infinity);
      left = Math.max(left, h?.lastLeft ?? -Infinity);
    }
    if (!gone(join, left)) n += counted(start, end);
  }
  return n;
}
