import { type RawBuilder, sql } from 'kysely';

/**
 * How a metric window [b0, bk), cut into segments at the interior bounds b1 … bk−1, is read: whole UTC days that no
 * bound cuts come from activity_member_day (one row per day and member, migration 2026_11_29_17_00_00); the days a
 * bound cuts (a community's local midnight is rarely a UTC one) come from their events. Every bound at a UTC
 * midnight leaves nothing to read from the events.
 */
export interface DayCuts {
  /** Rollup days [fromDay, toDay) (YYYY-MM-DD, UTC), except skipDays, the cut ones inside that range. */
  fromDay: string;
  toDay: string;
  skipDays: string[];
  /** The event ranges [from, to) of the cut days, clipped to the window; disjoint. */
  raw: Array<{ from: Date; to: Date }>;
  /** The interior bounds, and the first whole day at or after each (a rollup day's segment is how many it reaches). */
  bounds: Date[];
  segmentDays: string[];
}

const DAY_MS = 86_400_000;
const floorDay = (t: Date) => Math.floor(t.getTime() / DAY_MS) * DAY_MS;
const ceilDay = (t: Date) => Math.ceil(t.getTime() / DAY_MS) * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Splits [bounds[0], bounds[last]) (ascending instants) into rollup days and event ranges. */
export function dayCuts(bounds: Date[]): DayCuts {
  const first = bounds[0] as Date;
  const end = bounds[bounds.length - 1] as Date;
  const interior = bounds.slice(1, -1);
  // A bound off a UTC midnight cuts its day: that day is read from the events (once, however many bounds cut it).
  const cut = new Set<number>();
  for (const b of bounds) if (b.getTime() % DAY_MS !== 0) cut.add(floorDay(b));
  const fromDay = ceilDay(first);
  const toDay = Math.max(fromDay, floorDay(end));
  const raw = [...cut]
    .sort((a, b) => a - b)
    .map((d) => ({ from: new Date(Math.max(d, first.getTime())), to: new Date(Math.min(d + DAY_MS, end.getTime())) }))
    .filter((r) => r.from < r.to);
  return {
    fromDay: iso(fromDay),
    toDay: iso(toDay),
    skipDays: [...cut].filter((d) => d >= fromDay && d < toDay).map(iso),
    raw,
    bounds: interior,
    segmentDays: interior.map((b) => iso(ceilDay(b))),
  };
}

/** The segment (0 … interior bounds) of a rollup row's day column. */
export function daySegment(cuts: DayCuts, column: RawBuilder<unknown>): RawBuilder<number> {
  if (cuts.segmentDays.length === 0) return sql<number>`0`;
  return sql<number>`(${sql.join(
    cuts.segmentDays.map((d) => sql`case when ${column} >= ${d}::date then 1 else 0 end`),
    sql` + `,
  )})`;
}

/** The segment of an event's instant. */
export function timeSegment(cuts: DayCuts, column: RawBuilder<unknown>): RawBuilder<number> {
  if (cuts.bounds.length === 0) return sql<number>`0`;
  return sql<number>`(${sql.join(
    cuts.bounds.map((b) => sql`case when ${column} >= ${b} then 1 else 0 end`),
    sql` + `,
  )})`;
}

/** `r.day` within the rollup days of the window (r aliases activity_member_day). */
export function rollupDays(cuts: DayCuts, communityId: number): RawBuilder<boolean> {
  const skip = cuts.skipDays.length ? sql` and r.day <> all(${cuts.skipDays}::date[])` : sql``;
  return sql<boolean>`r.community_id = ${communityId} and r.day >= ${cuts.fromDay}::date and r.day < ${cuts.toDay}::date${skip}`;
}
