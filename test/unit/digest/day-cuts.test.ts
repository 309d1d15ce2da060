import { describe, expect, it } from '@jest/globals';
import { dayCuts } from '../../../src/digest/metrics/day-cuts.js';
import { periodStartingOn } from '../../../src/digest/period.js';

/**
 * dayCuts splits a metric window into whole UTC days (read from activity_member_day) and the event ranges of the
 * days a bound cuts. Every instant of the window must be read exactly once.
 */
const Z = (iso: string) => new Date(`${iso}Z`);
const ranges = (c: ReturnType<typeof dayCuts>) => c.raw.map((r) => [r.from.toISOString(), r.to.toISOString()]);

describe('dayCuts', () => {
  it('reads a window cut at UTC midnights from the rollup alone', () => {
    const c = dayCuts([Z('2026-11-01T00:00:00'), Z('2026-11-15T00:00:00'), Z('2026-11-29T00:00:00')]);
    expect(c).toMatchObject({ fromDay: '2026-11-01', toDay: '2026-11-29', skipDays: [], raw: [] });
    expect(c.segmentDays).toEqual(['2026-11-15']);
    expect(c.bounds).toEqual([Z('2026-11-15T00:00:00')]);
  });

  it('reads the days a local midnight cuts from their events, clipped to the window', () => {
    // A Paris week (UTC+1): every bound is 23:00 UTC the day before.
    const week = periodStartingOn('2026-01-05', 'Europe/Paris');
    const c = dayCuts([new Date(week.start.getTime() - 7 * 86_400_000), week.start, week.end]);
    expect(c.fromDay).toBe('2025-12-29');
    expect(c.toDay).toBe('2026-01-11');
    expect(c.skipDays).toEqual(['2026-01-04']);
    expect(ranges(c)).toEqual([
      ['2025-12-28T23:00:00.000Z', '2025-12-29T00:00:00.000Z'],
      ['2026-01-04T00:00:00.000Z', '2026-01-05T00:00:00.000Z'],
      ['2026-01-11T00:00:00.000Z', '2026-01-11T23:00:00.000Z'],
    ]);
    // Rollup days from 5 Jan on are in the week (segment 1); the cut 4 Jan is split by instant instead.
    expect(c.segmentDays).toEqual(['2026-01-05']);
    expect(c.bounds).toEqual([week.start]);
  });

  it('reads a day cut by two bounds once', () => {
    const c = dayCuts([
      Z('2026-03-01T00:00:00'),
      Z('2026-03-05T06:00:00'),
      Z('2026-03-05T18:00:00'),
      Z('2026-03-09T00:00:00'),
    ]);
    expect(c.skipDays).toEqual(['2026-03-05']);
    expect(ranges(c)).toEqual([['2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z']]);
    expect(c.segmentDays).toEqual(['2026-03-06', '2026-03-06']);
  });

  it('reads a window shorter than a day, or within two cut days, from the events only', () => {
    const short = dayCuts([Z('2026-03-05T06:00:00'), Z('2026-03-05T18:00:00')]);
    expect(short.fromDay).toBe(short.toDay);
    expect(ranges(short)).toEqual([['2026-03-05T06:00:00.000Z', '2026-03-05T18:00:00.000Z']]);
    const across = dayCuts([Z('2026-03-05T06:00:00'), Z('2026-03-06T18:00:00')]);
    expect(across.fromDay).toBe(across.toDay);
    expect(ranges(across)).toEqual([
      ['2026-03-05T06:00:00.000Z', '2026-03-06T00:00:00.000Z'],
      ['2026-03-06T00:00:00.000Z', '2026-03-06T18:00:00.000Z'],
    ]);
  });

  it('covers every instant of the window exactly once, for any bounds', () => {
    const DAY = 86_400_000;
    const base = Z('2026-03-01T00:00:00').getTime();
    for (let seed = 1; seed <= 200; seed++) {
      // Pseudo-random bounds: some at midnights, some anywhere, one to four segments.
      const rand = (n: number) => ((seed * 7919 + n * 104729) % 1000) / 1000;
      const bounds: number[] = [];
      let t = base + Math.floor(rand(0) * 3) * DAY + (rand(1) < 0.5 ? 0 : Math.floor(rand(2) * DAY));
      for (let k = 0; k < 2 + (seed % 4); k++) {
        bounds.push(t);
        t += rand(k + 3) < 0.3 ? Math.floor(rand(k + 7) * DAY) + 1 : Math.ceil(rand(k + 5) * 9) * DAY;
      }
      const c = dayCuts(bounds.map((b) => new Date(b)));
      const first = bounds[0] as number;
      const end = bounds[bounds.length - 1] as number;
      // Probe every hour and the instants around each bound: in the window ⇔ read once.
      const probes = new Set<number>();
      for (let p = first - DAY; p <= end + DAY; p += 3_600_000) probes.add(p);
      for (const b of bounds) for (const d of [-1, 0, 1]) probes.add(b + d);
      for (const p of probes) {
        const day = new Date(Math.floor(p / DAY) * DAY).toISOString().slice(0, 10);
        const fromRollup = day >= c.fromDay && day < c.toDay && !c.skipDays.includes(day) ? 1 : 0;
        const fromEvents = c.raw.filter((r) => p >= r.from.getTime() && p < r.to.getTime()).length;
        expect(fromRollup + fromEvents).toBe(p >= first && p < end ? 1 : 0);
        // A rollup day lies within one segment, the one its segment days say.
        if (fromRollup) {
          const segment = c.segmentDays.filter((d) => day >= d).length;
          expect(segment).toBe(c.bounds.filter((b) => p >= b.getTime()).length);
        }
      }
    }
  });
});
