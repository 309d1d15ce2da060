import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { computeWeekMetrics, ensurePriorSnapshots } from '../../../src/digest/metrics/compute.js';
import type { WeekMetrics } from '../../../src/digest/metrics/types.js';
import { digestPeriod } from '../../../src/digest/period.js';
import { testDatabaseUrl } from '../../helpers/test-env.js';
import { type Fixture, seedFixture, T } from './fixture.js';

let db: Kysely<Database>;
let f: Fixture;
let m: WeekMetrics;
// The digest fires Mon 12 Jan 09:00 UTC, so it covers Mon 5 Jan 00:00 → Mon 12 Jan 00:00 (t0).
const period = digestPeriod(T('2026-01-12T09:00:00'), 'UTC');

beforeAll(async () => {
  db = createDatabase(testDatabaseUrl(), 4);
  f = await seedFixture(db, `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);
  m = await computeWeekMetrics(
    db,
    { id: f.communityId, team_id: f.teamId, created_at: T('2025-11-01T00:00:00') },
    period,
  );
});
afterAll(async () => {
  await db.destroy();
});

describe('week metrics over the hand-built fixture', () => {
  it('covers the seven local days before the fire day', () => {
    expect(period.start.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(period.end.toISOString()).toBe('2026-01-12T00:00:00.000Z');
  });

  it('A1–A6 responsiveness', () => {
    const r = m.responsiveness;
    expect(r.questionsAsked).toBe(6); // q1..q6 asked in the week; q0 (20 Dec) is not
    // TTFR of q1, q2, q3 = 2h, 6h, 24h → median 6h; p90 = 6 + 0.8 × (24 − 6) = 20.4h (linear interpolation)
    expect(r.ttfrMedianHours).toBeCloseTo(6, 6);
    expect(r.ttfrP90Hours).toBeCloseTo(20.4, 6);
    // Matured window [3 Jan, 10 Jan): q1..q4. Unanswered: q4 → 1/4. Accepted: q1 → 1/4.
    expect(r.maturedQuestions).toBe(4);
    expect(r.unansweredRate).toBeCloseTo(0.25, 6);
    expect(r.acceptanceRate).toBeCloseTo(0.25, 6);
    // Backlog: q4 only (q6 is 18h old, q5 solved). Age at t0: 8 Jan 12:00 → 12 Jan 00:00 = 84h.
    expect(r.backlogCount).toBe(1);
    expect(r.backlog[0].questionId).toBe(f.q.q4);
    expect(r.backlogMaxAgeHours).toBeCloseTo(84, 6);
    // Accepted in the week: q1 (24h) and q5 (1h, resolved by an entry) → median 12.5h.
    expect(r.acceptedInWeek).toBe(2);
    expect(r.timeToAcceptMedianHours).toBeCloseTo(12.5, 6);
    // Routings: q1→B (B answered in 2h: hit), q3→D (no answer: miss), q3→B (answered in 23.5h: hit) → 2/3.
    expect(r.routings).toBe(3);
    expect(r.routingHitRate).toBeCloseTo(2 / 3, 6);
    // Latency routed_at − asked_at: 5 min, 30 min, 30 min → median 0.5h.
    expect(r.routingLatencyMedianHours).toBeCloseTo(0.5, 6);
  });

  it('B1–B4 participation and energy (bots excluded)', () => {
    const p = m.participation;
    // Engaged: A, B, C, D, O, N (the bot's message does not count).
    expect(p.engagedMembers).toBe(6);
    // Week before: B and C posted, A reacted.
    expect(p.engagedMembersPrev).toBe(3);
    // Known members at t0: A B C D O N E L K (9, bot excluded) minus L, whose last membership event is a leave.
    expect(p.channelMembers).toBe(8);
    expect(p.participationRate).toBeCloseTo(6 / 8, 6);
    // Energy: A msg 2 + B reply 3 + B ✅ 1 + C 👀 1 + acceptance 2+8 + C answer 6 + D 🙏 1 + N msg 2 + B reply 3
    //         + O msg 2 + N reuse 6 = 37. Week before: 2 + 2 + 1 = 5.
    expect(p.energy).toBe(37);
    expect(p.energyPrev).toBe(5);
    expect([p.messages, p.replies, p.reactions]).toEqual([3, 2, 3]);
    // 28-day engaged [15 Dec, 12 Jan): the six of this week (B, C, A of the week before are among them).
    expect(p.engaged28d).toBe(6);
    expect(p.stickiness).toBeCloseTo(1, 6);
  });

  it('C1–C4 membership', () => {
    const c = m.membership;
    expect([c.joined, c.left]).toEqual([1, 1]); // N joined, L left
    // First contributions in the week: A (5 Jan: before it A had only reacted), N (8 Jan) and O (9 Jan).
    // O opted out of shout-outs: counted, never named.
    expect(c.newContributorCount).toBe(3);
    expect(c.newContributors).toEqual([f.u.A, f.u.N]);
    // Joined in the last 28 days: N, who posted the same day → 1/1.
    expect(c.activationRate).toBe(1);
    // E's last contribution (10 Dec) turned 28 days old during the week.
    expect(c.lapsed).toEqual([f.u.E]);
    // K reacted on 7 days (1–7 Dec) and has been silent for the last 21 days.
    expect(c.lapsingCore).toEqual([f.u.K]);
  });

  it('D1–D3 structure', () => {
    const s = m.structure;
    // Answers in 28 days (bot and asker excluded): B 2, C 1, D 1 → total 4; B alone reaches 50% → D1 = 1.
    expect(s.answers28d).toBe(4);
    expect(s.absenceFactor).toBe(1);
    expect(s.topAnswerer28d).toBe(f.u.B);
    expect(s.topAnswererShare28d).toBeCloseTo(0.5, 6);
    // Tags: postgres answered by D, B, C (covered); kafka by B only; rust by nobody, not declared → a gap.
    expect(s.coverage).toBeCloseTo(1 / 3, 6);
    expect(s.gaps).toEqual(['rust']);
    expect(s.tags.find((t) => t.tag === 'kafka')).toMatchObject({
      questions28d: 2,
      answerers90d: 1,
      declaredExperts: 1,
    });
    // Routed this week: B twice, D once. Answers this week: B 2 of 3.
    expect([s.mostRouted, s.maxRoutedToOne]).toEqual([f.u.B, 2]);
    expect(s.answersInWeek).toBe(3);
    expect(s.topAnswererWeekShare).toBeCloseTo(2 / 3, 6);
  });

  it('E1–E3 knowledge', () => {
    const k = m.knowledge;
    expect(k.entriesCreated).toBe(1); // k1 on 7 Jan
    // Accepted 29 Dec–5 Jan: q0 (30 Dec), captured as k0 on 2 Jan (within 7 days) → 100%.
    expect(k.captureRate).toBe(1);
    expect(k.acceptedWithoutEntry).toBe(0);
    expect([k.views, k.distinctViewers]).toEqual([3, 2]);
    expect(k.reuses).toBe(1);
    // Answered in the week: q1, q2, q3 (first reply) and q5 (resolved by k0) → 1/4 by an entry.
    expect(k.reuseRate).toBeCloseTo(0.25, 6);
    expect(k.topReused).toMatchObject({ entryId: f.entries.k0, title: 'Vacuum tuning', reuses: 1 });
  });

  it('F1–F2 appreciation and welcome', () => {
    const v = m.values;
    // Answers this week: a1 (B), a2 (C), a3 (B). Only a3 got a thanks (D's 🙏); B's ✅ on his own a1 does not count.
    expect(v.answersInWeek).toBe(3);
    expect(v.thankedAnswers).toBe(1);
    expect(v.appreciationRate).toBeCloseTo(1 / 3, 6);
    expect(v.thanksGiven).toBe(2); // both thanks-emoji reactions given in the week
    expect(v.topAnswerers).toEqual([
      { userId: f.u.B, answers: 2 },
      { userId: f.u.C, answers: 1 },
    ]);
    expect(v.firstTimeAnswerers.sort()).toEqual([f.u.B, f.u.C].sort());
    expect(v.mostThanked).toEqual({ userId: f.u.B, thanks: 1 });
    // N's first post got B's reply within an hour.
    expect([v.newcomerFirstPosts, v.welcomed, v.neglectedNewcomers]).toEqual([1, 1, []]);
  });

  it('backfills prior weekly snapshots once and reads them back oldest first', async () => {
    const community = { id: f.communityId, team_id: f.teamId, created_at: T('2025-11-01T00:00:00') };
    const history = await ensurePriorSnapshots(db, community, period, 7);
    expect(history.map((s) => s.weekStart)).toEqual([
      '2025-11-17',
      '2025-11-24',
      '2025-12-01',
      '2025-12-08',
      '2025-12-15',
      '2025-12-22',
      '2025-12-29',
    ]);
    // The week before: energy 5 (B msg 2, C msg 2, A 👀 1), 3 engaged. The 1–7 Dec week: K's 7 reactions.
    expect(history.at(-1)).toMatchObject({ energy: 5, engagedMembers: 3 });
    expect(history[2]).toMatchObject({ weekStart: '2025-12-01', energy: 7, engagedMembers: 1 });
    const again = await ensurePriorSnapshots(db, community, period, 7);
    expect(again).toEqual(history);
  });
});
