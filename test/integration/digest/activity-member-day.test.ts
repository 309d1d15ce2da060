import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { pino } from 'pino';
import { down, up } from '../../../migrations/2026_11_29_17_00_00_add_activity_member_day.js';
import type { ActivityInput, ActivityKind } from '../../../src/activity/activity.repository.js';
import { insertActivity } from '../../../src/activity/activity.repository.js';
import { createActivityRecorder } from '../../../src/activity/activity-recorder.js';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { computeWeekMetrics } from '../../../src/digest/metrics/compute.js';
import { energyCase } from '../../../src/digest/metrics/energy.js';
import { CONTRIBUTION_KINDS, ENGAGED_KINDS, list, THANKS_EMOJI } from '../../../src/digest/metrics/sql.js';
import { periodStartingOn } from '../../../src/digest/period.js';
import { createSuiteDatabase, testDatabaseUrl, uniqueName } from '../../helpers/test-env.js';

/**
 * activity_member_day (migration 2026_11_29_17_00_00) holds, per (community, UTC day, member pair), the first and
 * last engaged event, the last contribution and the week-total counters; activity_member_summary gained the pair's
 * id and first leave. Both are kept by triggers on activity_event and must always equal what the event log says,
 * whatever the order, batching, retries, deletes or updates of events.
 */

type Db = Kysely<Database>;
let db: Db;
const logger = pino({ level: 'silent' });
beforeAll(() => {
  db = createDatabase(testDatabaseUrl(), 4);
});
afterAll(async () => {
  await db.destroy();
});

const asText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/** The rollup rows of a team, as stored, keyed by member instead of pair id. */
async function stored(d: Db, teamId: string) {
  const r = await sql`select d.community_id, d.day::text as day, s.user_id,
      ${sql.raw(asText('d.first_engaged_at'))} as first_engaged, ${sql.raw(asText('d.last_engaged_at'))} as last_engaged,
      ${sql.raw(asText('d.last_contribution_at'))} as last_contribution,
      d.energy, d.messages, d.replies, d.reactions, d.joins, d.leaves, d.views, d.reuses, d.thanks
    from activity_member_day d join activity_member_summary s on s.pair_id = d.pair_id
    where s.team_id = ${teamId} order by 1, 2, 3`.execute(d);
  return r.rows;
}

/**
 * The same rows computed from the event log with the app's definitions (ENGAGED_KINDS, CONTRIBUTION_KINDS,
 * THANKS_EMOJI, the B4 weights): the triggers hold frozen copies, so a change to these fails here.
 */
async function fromLog(d: Db, teamId: string) {
  const time = (expression: RawBuilder<unknown>) =>
    sql`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
  const engaged = sql`e.kind in (${list(ENGAGED_KINDS)})`;
  const count = (condition: RawBuilder<unknown>) => sql`(count(*) filter (where ${condition}))::int`;
  const r = await sql`select e.community_id, (e.occurred_at at time zone 'UTC')::date::text as day, e.user_id,
      ${time(sql`min(e.occurred_at) filter (where ${engaged})`)} as first_engaged,
      ${time(sql`max(e.occurred_at) filter (where ${engaged})`)} as last_engaged,
      ${time(sql`max(e.occurred_at) filter (where e.kind in (${list(CONTRIBUTION_KINDS)}))`)} as last_contribution,
      coalesce(sum(${energyCase()}), 0)::int as energy,
      ${count(sql`e.kind = 'message' and not e.is_reply`)} as messages,
      ${count(sql`e.kind = 'message' and e.is_reply`)} as replies,
      ${count(sql`e.kind = 'reaction_added'`)} as reactions,
      ${count(sql`e.kind = 'member_joined'`)} as joins,
      ${count(sql`e.kind = 'member_left'`)} as leaves,
      ${count(sql`e.kind = 'knowledge_viewed'`)} as views,
      ${count(sql`e.kind = 'knowledge_reused'`)} as reuses,
      ${count(sql`e.kind = 'reaction_added' and e.emoji in (${list(THANKS_EMOJI)})`)} as thanks
    from activity_event e where e.team_id = ${teamId}
    group by 1, 2, 3 order by 1, 2, 3`.execute(d);
  return r.rows;
}

/** Each pair's id and first leave as stored, against the first leave in the log. */
async function pairs(d: Db, teamId: string) {
  const r = await sql<{ user_id: string; pair_id: number; stored: string | null; logged: string | null }>`
    select s.user_id, s.pair_id, ${sql.raw(asText('s.first_leave_at'))} as stored,
      (select ${sql.raw(asText('min(e.occurred_at)'))} from activity_event e where e.community_id = s.community_id
        and e.user_id = s.user_id and e.team_id = s.team_id and e.kind = 'member_left') as logged
    from activity_member_summary s where s.team_id = ${teamId} order by s.community_id, s.user_id`.execute(d);
  return r.rows;
}

function event(
  teamId: string,
  key: string,
  userId: string,
  kind: ActivityKind,
  at: string,
  extra: Partial<ActivityInput> = {},
): ActivityInput {
  return {
    teamId,
    communityId: 1,
    channelId: 'C1',
    userId,
    kind,
    occurredAt: new Date(at),
    sourceKey: `${teamId}:${key}`,
    ...extra,
  };
}

describe('activity member day rollup', () => {
  it('keeps each member-day whatever the order events arrive in, cut at UTC midnight', async () => {
    const t = uniqueName('T');
    const recorder = createActivityRecorder(db, logger, { flushMs: 10_000, maxBatch: 1000 });
    // Late batch first, then older events of the same days.
    recorder.record(event(t, 'a3', 'UA', 'message', '2026-03-10T23:59:59.999Z', { isReply: true }));
    recorder.record(event(t, 'a4', 'UA', 'reaction_added', '2026-03-11T00:00:00.000Z', { emoji: 'pray' }));
    await recorder.flush();
    recorder.record(event(t, 'a1', 'UA', 'member_joined', '2026-03-10T08:00:00.000Z'));
    recorder.record(event(t, 'a2', 'UA', 'answer_accepted', '2026-03-10T09:00:00.000Z', { targetUserId: 'UB' }));
    recorder.record(event(t, 'a5', 'UA', 'knowledge_viewed', '2026-03-11T10:00:00.000Z'));
    recorder.record(event(t, 'b1', 'UB', 'member_left', '2026-03-10T12:00:00.000Z'));
    await recorder.close();

    expect(await stored(db, t)).toEqual([
      {
        community_id: 1,
        day: '2026-03-10',
        user_id: 'UA',
        first_engaged: '2026-03-10T09:00:00.000000',
        last_engaged: '2026-03-10T23:59:59.999000',
        last_contribution: '2026-03-10T23:59:59.999000',
        // accepted with a target (2 + 8) + a reply (3)
        energy: 13,
        messages: 0,
        replies: 1,
        reactions: 0,
        joins: 1,
        leaves: 0,
        views: 0,
        reuses: 0,
        thanks: 0,
      },
      {
        community_id: 1,
        day: '2026-03-10',
        user_id: 'UB',
        first_engaged: null,
        last_engaged: null,
        last_contribution: null,
        energy: 0,
        messages: 0,
        replies: 0,
        reactions: 0,
        joins: 0,
        leaves: 1,
        views: 0,
        reuses: 0,
        thanks: 0,
      },
      {
        community_id: 1,
        day: '2026-03-11',
        user_id: 'UA',
        first_engaged: '2026-03-11T00:00:00.000000',
        last_engaged: '2026-03-11T00:00:00.000000',
        last_contribution: null,
        energy: 1,
        messages: 0,
        replies: 0,
        reactions: 1,
        joins: 0,
        leaves: 0,
        views: 1,
        reuses: 0,
        thanks: 1,
      },
    ]);
    expect(await stored(db, t)).toEqual(await fromLog(db, t));
    const p = await pairs(db, t);
    expect(p.map((r) => [r.user_id, r.stored])).toEqual([
      ['UA', null],
      ['UB', '2026-03-10T12:00:00.000000'],
    ]);
    expect(new Set(p.map((r) => r.pair_id)).size).toBe(2);
  });

  it('counts a redelivered or retried batch once, and stays exact under concurrent batches', async () => {
    const t = uniqueName('T');
    const at = (i: number) => new Date(Date.UTC(2026, 4, 1 + (i % 5), (i * 7) % 24, i % 60)).toISOString();
    const kinds: ActivityKind[] = ['message', 'reaction_added', 'member_left', 'answer_posted', 'knowledge_reused'];
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        event(
          t,
          `k${from + i}`,
          `U${(from + i) % 7}`,
          kinds[Math.floor((from + i) / 5) % 5] as ActivityKind,
          at(from + i),
          {
            isReply: (from + i) % 4 === 0,
            emoji: (from + i) % 2 ? 'tada' : '+1',
          },
        ),
      );
    // Two writers at once over the same member-days, in opposite orders, then the same events again (a retry).
    await Promise.all([insertActivity(db, batch(0, 300)), insertActivity(db, batch(300, 300).reverse())]);
    const once = await stored(db, t);
    await Promise.all([insertActivity(db, batch(0, 600)), insertActivity(db, batch(100, 200))]);
    expect(await stored(db, t)).toEqual(once);
    expect(once).toHaveLength(35);
    expect(once).toEqual(await fromLog(db, t));
    for (const r of await pairs(db, t)) expect(r.stored).toBe(r.logged);
  });

  it('recomputes the member-days and members whose events are deleted or updated', async () => {
    const t = uniqueName('T');
    await insertActivity(db, [
      event(t, 'x1', 'UX', 'message', '2026-02-01T10:00:00.000Z'),
      event(t, 'x2', 'UX', 'member_left', '2026-02-01T11:00:00.000Z'),
      event(t, 'x3', 'UX', 'reaction_added', '2026-02-02T00:00:00.000Z'),
      event(t, 'y1', 'UY', 'message', '2026-02-01T00:00:00.000Z'),
      event(t, 'z1', 'UZ', 'member_left', '2026-02-03T00:00:00.000Z'),
    ]);
    const idOf = async (user: string) => (await pairs(db, t)).find((r) => r.user_id === user)?.pair_id;
    const ux = await idOf('UX');
    await sql`delete from activity_event where source_key in (${`${t}:x1`}, ${`${t}:x2`}, ${`${t}:y1`})`.execute(db);
    expect(await stored(db, t)).toEqual(await fromLog(db, t));
    // UY has no event left: gone from both tables. UX keeps its id; its first leave is gone with x2.
    expect((await pairs(db, t)).map((r) => [r.user_id, r.pair_id, r.stored])).toEqual([
      ['UX', ux, null],
      ['UZ', await idOf('UZ'), '2026-02-03T00:00:00.000000'],
    ]);

    // An update moves an event to another day and another member (nothing updates events today; it stays exact).
    await sql`update activity_event set occurred_at = '2026-02-05T06:00:00Z', user_id = 'UW'
      where source_key = ${`${t}:z1`}`.execute(db);
    await sql`update activity_event set kind = 'message' where source_key = ${`${t}:x3`}`.execute(db);
    expect(await stored(db, t)).toEqual(await fromLog(db, t));
    const after = await pairs(db, t);
    expect(after.map((r) => [r.user_id, r.stored])).toEqual([
      ['UW', '2026-02-05T06:00:00.000000'],
      ['UX', null],
    ]);
    const summary = await sql<{ user_id: string; first_contribution: string }>`select user_id,
        ${sql.raw(asText('first_contribution_at'))} as first_contribution
      from activity_member_summary where team_id = ${t} and user_id = 'UX'`.execute(db);
    expect(summary.rows).toEqual([{ user_id: 'UX', first_contribution: '2026-02-02T00:00:00.000000' }]);
  });

  it('reads the days a local-midnight week cuts from the events', async () => {
    const t = uniqueName('T');
    await db.insertInto('workspace').values({ team_id: t, name: 'paris' }).execute();
    const community = await db
      .insertInto('community')
      .values({
        team_id: t,
        name: 'paris',
        created_by: 'UA',
        alert_thresholds: '{}',
        created_at: new Date('2025-01-01'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The Paris week of Mon 5 Jan 2026 is [4 Jan 23:00Z, 11 Jan 23:00Z); the previous week starts 28 Dec 23:00Z.
    // Written in SQL: the microsecond next to each bound is beyond a JavaScript Date.
    const rows: Array<[string, string, ActivityKind, string]> = [
      ['p1', 'U1', 'message', '2026-01-11T22:59:59.999999Z'], // the week's last instant
      ['p2', 'U2', 'message', '2026-01-11T23:00:00Z'], // t0: after the week
      ['p3', 'U3', 'reaction_added', '2026-01-04T23:00:00Z'], // the week's first instant
      ['p4', 'U4', 'message', '2026-01-04T22:59:59.999999Z'], // the previous week's last instant
      ['p5', 'U5', 'message', '2026-01-08T12:00:00Z'], // a whole day inside the week
      ['p6', 'U6', 'message', '2025-12-28T22:59:59.999999Z'], // before the previous week
      ['p7', 'U7', 'reaction_added', '2025-12-28T23:00:00Z'], // the previous week's first instant
    ];
    await sql`insert into activity_event (team_id, community_id, channel_id, user_id, kind, occurred_at, source_key)
      select ${t}, ${community.id}, 'C1', v.u, v.k, v.at::timestamptz, ${t} || ':' || v.key
      from (values ${sql.join(rows.map((r) => sql`(${r[0]}, ${r[1]}, ${r[2]}, ${r[3]})`))}) v(key, u, k, at)`.execute(
      db,
    );
    const m = await computeWeekMetrics(
      db,
      { id: community.id, team_id: t, created_at: new Date('2025-01-01') },
      periodStartingOn('2026-01-05', 'Europe/Paris'),
    );
    expect(m.participation).toMatchObject({
      engagedMembers: 3, // U1, U3, U5
      engagedMembersPrev: 2, // U4, U7
      engaged28d: 6, // all but U2 (after t0)
      energy: 5, // two messages and a reaction
      energyPrev: 3, // a message and a reaction
      messages: 2,
      reactions: 1,
      channelMembers: 6, // everyone with an event before t0
    });
    expect(m.membership.newContributors.sort()).toEqual(['U1', 'U5']);
  });

  it('is backfilled from the events already stored when the migration runs, and cleared by a truncate', async () => {
    const own = createDatabase(await createSuiteDatabase('day'), 2);
    try {
      const t = uniqueName('T');
      await insertActivity(own, [event(t, 'e1', 'UA', 'message', '2026-01-05T10:00:00.000Z')]);
      await down(own);
      // Written while there was no rollup (as before the migration): only the backfill can know them.
      await insertActivity(own, [
        event(t, 'e2', 'UA', 'reaction_added', '2026-01-05T01:00:00.000Z'),
        event(t, 'e3', 'UB', 'member_left', '2026-01-07T00:00:00.000Z', { communityId: 3 }),
      ]);
      await up(own);
      expect(await stored(own, t)).toEqual(await fromLog(own, t));
      expect(await stored(own, t)).toHaveLength(2);
      for (const r of await pairs(own, t)) expect(r.stored).toBe(r.logged);
      // And the triggers keep it from there.
      await insertActivity(own, [event(t, 'e4', 'UC', 'message', '2026-01-09T00:00:00.000Z')]);
      expect(await stored(own, t)).toEqual(await fromLog(own, t));
      await sql`truncate activity_event`.execute(own);
      const left = await sql<{ n: number }>`select (select count(*) from activity_member_day)::int
        + (select count(*) from activity_member_summary)::int as n`.execute(own);
      expect(left.rows[0]?.n).toBe(0);
    } finally {
      await own.destroy();
    }
  });
});
