import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type MemberState, memberStates } from './member-state.js';
import { hoursBefore } from './sql.js';
import type { MetricWindow } from './types.js';
import { type WeekTotals, weekTotals } from './week-totals.js';

type Db = Kysely<Database>;
const DAY = 24;

/** The instants every metric window is cut at, from the week [start, t0). */
export function windowBounds(w: MetricWindow) {
  const t0 = w.end;
  const prevStart = hoursBefore(w.start, 7 * DAY);
  const since28 = hoursBefore(t0, 28 * DAY);
  const lapsedFrom = hoursBefore(w.start, 28 * DAY);
  // The member window is the last 28 days, the earliest the engagement flags and C3's joins need (the previous week
  // starts ~14 days before t0). C4's "28 days before the week's start" is older: the few members who contributed
  // then but not since are looked up one by one (see membership.ts), which costs less than 7 more days of events.
  const from = new Date(Math.min(prevStart.getTime(), since28.getTime()));
  return { t0, prevStart, since28, lapsedFrom, silentSince: hoursBefore(t0, 21 * DAY), from };
}

/** Epoch microseconds of a Date (window bounds are whole milliseconds). */
export const micros = (d: Date) => d.getTime() * 1000;

/**
 * The community's recent activity, read once per digest and shared by the metric groups (each call is memoized):
 * the last weeks are read from the per-day, per-member rollup (activity_member_day) and, for the days a window
 * bound cuts, from their events; never the history.
 */
export class ActivityWindow {
  #members?: Promise<MemberState[]>;
  #totals?: Promise<WeekTotals>;

  constructor(
    private readonly db: Db,
    readonly w: MetricWindow,
  ) {}

  /**
   * One row per (user, team) that has an event in the community, ever, with what the member window says of it (see
   * MemberState): the groups derive their per-member metrics from these rows, so each pair crosses the driver once.
   */
  members(): Promise<MemberState[]> {
    this.#members ??= memberStates(this.db, this.w, windowBounds(this.w));
    return this.#members;
  }

  /** The week's counters, over [start of the previous week, t0). */
  totals(): Promise<WeekTotals> {
    this.#totals ??= weekTotals(this.db, this.w);
    return this.#totals;
  }
}
