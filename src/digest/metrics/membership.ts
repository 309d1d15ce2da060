import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type ActivityWindow, type MemberFact, micros, windowBounds } from './activity-window.js';
import {
  engagedDays,
  engagedWithin14Days,
  lastContributionBetween,
  type PairMap,
  type PairSummary,
} from './member-history.js';
import { hoursBefore, ratio } from './sql.js';
import type { MembershipMetrics, MetricWindow } from './types.js';

type Db = Kysely<Database>;
const DAY = 24;
const time = (us: number | null) => us ?? -Infinity;
const byTimeThenUser = (a: { at: number; userId: string }, b: { at: number; userId: string }) =>
  a.at - b.at || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/**
 * C2: human pairs whose first contribution ever (before t0) falls in the week, in order of that contribution. The
 * first contribution comes from activity_member_summary; such a pair contributed in the week, so the window has its
 * bot and opt-out flags.
 */
function newContributors(w: MetricWindow, inWindow: PairMap<MemberFact>, pairs: PairSummary[]) {
  const fresh: Array<{ userId: string; optedOut: boolean; at: number }> = [];
  for (const p of pairs) {
    const at = p.firstContribution;
    if (at === null || at < micros(w.start) || at >= micros(w.end)) continue;
    const f = inWindow.get(p);
    if (f && !f.bot) fresh.push({ userId: p.userId, optedOut: f.optedOut, at });
  }
  return fresh.sort(byTimeThenUser);
}

/** C3: human pairs who joined in the last 28 days, and those with an engaged event within 14 days of joining. */
async function activation(db: Db, w: MetricWindow, facts: MemberFact[]) {
  const joins = facts.filter((f) => !f.bot && f.joinedAt !== null);
  // Any engaged event of the user counts (any team, bots' rows too, as before): combine the user's pairs.
  const pairsOf = new Map<string, MemberFact[]>();
  for (const f of facts) pairsOf.set(f.userId, [...(pairsOf.get(f.userId) ?? []), f]);
  const t0 = micros(w.end);
  let activated = 0;
  // Joins the window cannot decide, one look per team of the user; `joiner` ties them back.
  const undecided: Array<{ userId: string; teamId: string; joined: number; joiner: number }> = [];
  // true or false when the first and last engaged events of each half of the window decide; null when only a look
  // at the events can (a half with engaged events both before the join and after its 14 days). '14 days' is 336 ± 1
  // hours across a DST change in the session's time zone: an event before `until` (335 h) is surely inside, one at
  // or after `beyond` (337 h) surely outside, so none is misjudged.
  const decide = (joined: number, until: number, beyond: number, pairs: MemberFact[]): boolean | null => {
    let open = false;
    for (const f of pairs)
      for (const { first, last } of f.engagedSpans) {
        if ((first >= joined && first < until) || (last >= joined && last < until)) return true;
        if (last < joined || first >= beyond) continue; // nothing of this half inside the 14 days
        open = true;
      }
    return open ? null : false;
  };
  joins.forEach((j, joiner) => {
    const joined = time(j.joinedAt);
    const until = Math.min(joined + (14 * DAY - 1) * 3_600_000_000, t0);
    const beyond = Math.min(joined + (14 * DAY + 1) * 3_600_000_000, t0);
    const pairs = pairsOf.get(j.userId) ?? [];
    const decided = decide(joined, until, beyond, pairs);
    if (decided === true) activated++;
    if (decided !== null) return;
    for (const f of pairs)
      if (time(f.lastEngaged) >= joined) undecided.push({ userId: f.userId, teamId: f.teamId, joined, joiner });
  });
  const hits = await engagedWithin14Days(db, w.communityId, undecided, w.end);
  activated += new Set([...hits].map((i) => undecided[i]?.joiner)).size;
  return { newcomers: joins.length, activated };
}

/**
 * C1–C4, plus the "lapsing core" list the alert needs. Only events before t0 are read, so past weeks recompute the
 * same. Everything is decided from the recent window (ActivityWindow) except what needs older history, which is
 * looked up per member for the few members the window leaves undecided.
 */
export async function membershipMetrics(db: Db, w: MetricWindow, win: ActivityWindow): Promise<MembershipMetrics> {
  const [facts, inWindow, totals, pairs] = await Promise.all([
    win.facts(),
    win.factsByPair(),
    win.totals(),
    win.pairs(),
  ]);
  const fresh = newContributors(w, inWindow, pairs);
  const [act, lapsingCore, lapsed] = await Promise.all([
    activation(db, w, facts),
    lapsing(db, w, win, facts),
    lapsedContributors(db, w, facts, pairs),
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
async function lapsedContributors(db: Db, w: MetricWindow, facts: MemberFact[], pairs: PairSummary[]) {
  const b = windowBounds(w);
  const recent = new Set<string>();
  for (const f of facts) if (!f.bot && f.lastContribution !== null) recent.add(f.userId);
  const candidates = pairs.filter(
    (p) => p.firstContribution !== null && p.firstContribution < micros(b.since28) && !recent.has(p.userId),
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
async function lapsing(db: Db, w: MetricWindow, win: ActivityWindow, facts: MemberFact[]): Promise<string[]> {
  const silentSince = hoursBefore(w.end, 21 * DAY);
  const recent = new Set(facts.filter((f) => f.engagedRecent).map((f) => f.userId));
  const candidates = (await win.pairs()).filter((p) => !recent.has(p.userId));
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
