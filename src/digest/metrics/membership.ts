import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type ActivityWindow, micros, windowBounds } from './activity-window.js';
import { engagedDays, engagedWithin14Days, lastContributionBetween } from './member-history.js';
import { forEachUser, has, MemberFlag, type MemberState } from './member-state.js';
import { hoursBefore, ratio } from './sql.js';
import type { MembershipMetrics, MetricWindow } from './types.js';

type Db = Kysely<Database>;
const DAY = 24;
const time = (us: number | null) => us ?? -Infinity;
const byTimeThenUser = (a: { at: number; userId: string }, b: { at: number; userId: string }) =>
  a.at - b.at || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/**
 * C2: human pairs whose first contribution ever (before t0) falls in the week, in order of that contribution. The
 * first contribution comes from activity_member_summary; such a pair contributed in the week, so it is in the window.
 */
function newContributors(members: MemberState[]) {
  const fresh: Array<{ userId: string; optedOut: boolean; at: number }> = [];
  for (const m of members) {
    const at = m.weekContribution;
    if (at === null || !has(m, MemberFlag.inWindow) || has(m, MemberFlag.bot)) continue;
    fresh.push({ userId: m.userId, optedOut: has(m, MemberFlag.optedOut), at });
  }
  return fresh.sort(byTimeThenUser);
}

/** The pair's last engaged event in the window, or -Infinity. */
const lastEngaged = (m: MemberState) => Math.max(time(m.earlyLast), time(m.lateLast));

/**
 * C3: human pairs who joined in the last 28 days, and those with an engaged event within 14 days of joining. Any
 * engaged event of the user counts (any team, bots' rows too, as before): the user's pairs are adjacent rows.
 */
async function activation(db: Db, w: MetricWindow, members: MemberState[]) {
  const t0 = micros(w.end);
  let newcomers = 0;
  let activated = 0;
  // Joins the window cannot decide, one look per team of the user; `joiner` ties them back.
  const undecided: Array<{ userId: string; teamId: string; joined: number; joiner: number }> = [];
  // true or false when the first and last engaged events of each half of the window decide; null when only a look
  // at the events can (a half with engaged events both before the join and after its 14 days). '14 days' is 336 ± 1
  // hours across a DST change in the session's time zone: an event before `until` (335 h) is surely inside, one at
  // or after `beyond` (337 h) surely outside, so none is misjudged.
  const decide = (joined: number, until: number, beyond: number, start: number, end: number): boolean | null => {
    let open = false;
    // One half's first and last engaged events (null when it has none).
    const span = (first: number | null, last: number | null): boolean => {
      if (first === null || last === null) return false;
      if ((first >= joined && first < until) || (last >= joined && last < until)) return true;
      if (!(last < joined || first >= beyond)) open = true; // something of this half may be inside the 14 days
      return false;
    };
    for (let i = start; i < end; i++) {
      const m = members[i];
      if (span(m.earlyFirst, m.earlyLast) || span(m.lateFirst, m.lateLast)) return true;
    }
    return open ? null : false;
  };
  forEachUser(members, (start, end) => {
    for (let k = start; k < end; k++) {
      const j = members[k];
      if (j.joinedAt === null || has(j, MemberFlag.bot)) continue;
      const joiner = newcomers++;
      const joined = j.joinedAt;
      const until = Math.min(joined + (14 * DAY - 1) * 3_600_000_000, t0);
      const beyond = Math.min(joined + (14 * DAY + 1) * 3_600_000_000, t0);
      const decided = decide(joined, until, beyond, start, end);
      if (decided === true) activated++;
      if (decided !== null) continue;
      for (let i = start; i < end; i++) {
        const f = members[i];
        if (lastEngaged(f) >= joined) undecided.push({ userId: f.userId, teamId: f.teamId, joined, joiner });
      }
    }
  });
  const hits = await engagedWithin14Days(db, w.communityId, undecided, w.end);
  activated += new Set([...hits].map((i) => undecided[i]?.joiner)).size;
  return { newcomers, activated };
}

/**
 * C1–C4, plus the "lapsing core" list the alert needs. Only events before t0 are read, so past weeks recompute the
 * same. Everything is decided from the recent window (ActivityWindow) except what needs older history, which is
 * looked up per member for the few members the window leaves undecided.
 */
export async function membershipMetrics(db: Db, w: MetricWindow, win: ActivityWindow): Promise<MembershipMetrics> {
  const [members, totals] = await Promise.all([win.members(), win.totals()]);
  const fresh = newContributors(members);
  const [act, lapsingCore, lapsed] = await Promise.all([
    activation(db, w, members),
    lapsing(db, w, members),
    lapsedContributors(db, w, members),
  ]);

  return {
    joined: totals.joined,
    left: totals.left,
    newContributorCount: fresh.length,
    newContributors: fresh.filter((r) => !r.optedOut).map((r) => r.userId),
    newcomers28d: act.newcomers,
    newcomersActivated: act.activated,
    activationRate: ratio(act.activated, act.newcomers),
    lapsed,
    lapsingCore,
  };
}

/**
 * C4: users whose last contribution (human pairs, before t0) is more than 28 days old at t0 and was less than 28
 * days old at the week's start, oldest first. Whoever contributed in the window (the last 28 days) is not lapsed;
 * for the others, only pairs that had contributed before the window (the summary's first contribution) can
 * qualify, and their last contribution before it is looked up one pair at a time.
 */
async function lapsedContributors(db: Db, w: MetricWindow, members: MemberState[]) {
  const b = windowBounds(w);
  // A user with a human pair that contributed in the window is not lapsed (userFlags).
  const candidates = members.filter(
    (p) => has(p, MemberFlag.contributedBefore28) && (p.userFlags & MemberFlag.contributedInWindow) === 0,
  );
  const rows = await lastContributionBetween(db, w.communityId, candidates, b.lapsedFrom, b.since28);
  const latest = new Map<string, number>();
  for (const r of rows)
    if (!r.bot && r.at !== null) latest.set(r.userId, Math.max(latest.get(r.userId) ?? -Infinity, r.at));
  return [...latest]
    .map(([userId, at]) => ({ userId, at }))
    .sort(byTimeThenUser)
    .map((r) => r.userId);
}

/**
 * Lapsing core: active on ≥7 distinct days in the 4 weeks before the last 21 days (Orbit "contributing"), and
 * silent for those 21 days. The window tells who was silent (any event of theirs, as before); only those members'
 * older days are read.
 */
async function lapsing(db: Db, w: MetricWindow, members: MemberState[]): Promise<string[]> {
  const silentSince = hoursBefore(w.end, 21 * DAY);
  // Silent: none of the user's pairs engaged in the last 21 days (userFlags).
  const candidates = members.filter((p) => (p.userFlags & MemberFlag.engagedRecent) === 0);
  const rows = await engagedDays(db, w.communityId, candidates, hoursBefore(silentSince, 28 * DAY), silentSince);
  const days = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.bot) continue;
    const set = days.get(r.userId) ?? new Set<string>();
    for (const d of r.days) set.add(d);
    days.set(r.userId, set);
  }
  return [...days]
    .filter(([, set]) => set.size >= 7)
    .map(([userId]) => userId)
    .sort();
}
