import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { down, up } from '../../../migrations/2026_11_29_14_10_00_add_activity_member_summary.js';
import type { ActivityInput, ActivityKind } from '../../../src/activity/activity.repository.js';
import { insertActivity } from '../../../src/activity/activity.repository.js';
import { createActivityRecorder } from '../../../src/activity/activity-recorder.js';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { createSuiteDatabase, testDatabaseUrl, uniqueName } from '../../helpers/test-env.js';

/**
 * activity_member_summary (migration 2026_11_29_14_10_00) holds each (community, user, team)'s first event and first
 * contribution, kept by triggers on activity_event; the digest reads it instead of the community's whole history.
 * It must always equal what the event log says.
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

interface SummaryRow {
  community_id: number;
  user_id: string;
  team_id: string;
  first_event_at: string;
  first_contribution_at: string | null;
}

const asText = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`);

/** The summary rows of a team, as stored. */
async function stored(d: Db, teamId: string): Promise<SummaryRow[]> {
  const r = await sql<SummaryRow>`select community_id, user_id, team_id, ${asText('first_event_at')} as first_event_at,
      ${asText('first_contribution_at')} as first_contribution_at
    from activity_member_summary where team_id = ${teamId} order by community_id, user_id`.execute(d);
  return r.rows;
}

/** The same rows computed from the event log. */
async function fromLog(d: Db, teamId: string): Promise<SummaryRow[]> {
  const r = await sql<SummaryRow>`select community_id, user_id, team_id,
      ${asText('min(occurred_at)')} as first_event_at,
      ${asText(`min(occurred_at) filter (where kind in ('message', 'question_asked', 'answer_posted', 'knowledge_created'))`)} as first_contribution_at
    from activity_event where team_id = ${teamId} group by community_id, user_id, team_id
    order by community_id, user_id`.execute(d);
  return r.rows;
}

function event(teamId: string, key: string, userId: string, kind: ActivityKind, at: string, communityId = 1) {
  return {
    teamId,
    communityId,
    channelId: 'C1',
    userId,
    kind,
    occurredAt: new Date(at),
    sourceKey: `${teamId}:${key}`,
  } satisfies ActivityInput;
}

describe('activity member summary', () => {
  it('keeps each member’s first event and first contribution whatever the order events arrive in', async () => {
    const t = uniqueName('T');
    const recorder = createActivityRecorder(db, logger, { flushMs: 10_000, maxBatch: 1000 });
    // Late batch first: the summary must move back when older events arrive afterwards.
    recorder.record(event(t, 'a3', 'UA', 'message', '2026-03-10T10:00:00.000Z'));
    recorder.record(event(t, 'b1', 'UB', 'reaction_added', '2026-03-05T08:00:00.000Z'));
    await recorder.flush();
    recorder.record(event(t, 'a1', 'UA', 'reaction_added', '2026-03-01T09:00:00.000Z'));
    recorder.record(event(t, 'a2', 'UA', 'answer_posted', '2026-03-02T09:30:00.250Z'));
    recorder.record(event(t, 'c1', 'UC', 'member_joined', '2026-03-03T00:00:00.000Z', 2));
    await recorder.flush();
    // A later contribution and a later first event change nothing; UB's first contribution appears.
    recorder.record(event(t, 'a4', 'UA', 'message', '2026-03-20T10:00:00.000Z'));
    recorder.record(event(t, 'b2', 'UB', 'knowledge_created', '2026-03-06T08:00:00.000Z'));
    await recorder.close();

    expect(await stored(db, t)).toEqual([
      {
        community_id: 1,
        user_id: 'UA',
        team_id: t,
        first_event_at: '2026-03-01T09:00:00.000000',
        first_contribution_at: '2026-03-02T09:30:00.250000',
      },
      {
        community_id: 1,
        user_id: 'UB',
        team_id: t,
        first_event_at: '2026-03-05T08:00:00.000000',
        first_contribution_at: '2026-03-06T08:00:00.000000',
      },
      {
        community_id: 2,
        user_id: 'UC',
        team_id: t,
        first_event_at: '2026-03-03T00:00:00.000000',
        first_contribution_at: null,
      },
    ]);
    expect(await stored(db, t)).toEqual(await fromLog(db, t));
  });

  it('counts a redelivered or retried batch once, and stays exact under concurrent batches', async () => {
    const t = uniqueName('T');
    const day = (i: number) => new Date(Date.UTC(2026, 4, 1 + (i % 28), i % 24)).toISOString();
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        event(
          t,
          `k${from + i}`,
          `U${(from + i) % 13}`,
          (from + i) % 3 === 0 ? 'message' : 'reaction_added',
          day(from + i),
        ),
      );
    // Two writers at once over the same members, in opposite orders, then the same events again (a Slack retry).
    await Promise.all([insertActivity(db, batch(0, 300)), insertActivity(db, batch(300, 300).reverse())]);
    const once = await stored(db, t);
    await Promise.all([insertActivity(db, batch(0, 600)), insertActivity(db, batch(100, 200))]);
    expect(await stored(db, t)).toEqual(once);
    expect(once).toHaveLength(13);
    expect(once).toEqual(await fromLog(db, t));
  });

  it('recomputes the members whose events are deleted', async () => {
    const t = uniqueName('T');
    await insertActivity(db, [
      event(t, 'x1', 'UX', 'message', '2026-02-01T00:00:00.000Z'),
      event(t, 'x2', 'UX', 'reaction_added', '2026-02-02T00:00:00.000Z'),
      event(t, 'x3', 'UX', 'message', '2026-02-03T00:00:00.000Z'),
      event(t, 'y1', 'UY', 'message', '2026-02-01T00:00:00.000Z'),
    ]);
    await sql`delete from activity_event where source_key in (${`${t}:x1`}, ${`${t}:y1`})`.execute(db);
    const rows = await stored(db, t);
    expect(rows.map((r) => [r.user_id, r.first_event_at, r.first_contribution_at])).toEqual([
      ['UX', '2026-02-02T00:00:00.000000', '2026-02-03T00:00:00.000000'],
    ]);
    expect(rows).toEqual(await fromLog(db, t));
  });

  it('is backfilled from the events already stored when the migration runs', async () => {
    const own = createDatabase(await createSuiteDatabase('summary'), 2);
    try {
      const t = uniqueName('T');
      await insertActivity(own, [event(t, 'e1', 'UA', 'message', '2026-01-05T00:00:00.000Z')]);
      await down(own);
      // Written while there was no summary (as before the migration): only the backfill can know them.
      await insertActivity(own, [
        event(t, 'e2', 'UA', 'reaction_added', '2026-01-01T00:00:00.000Z'),
        event(t, 'e3', 'UB', 'question_asked', '2026-01-07T00:00:00.000Z', 3),
      ]);
      await up(own);
      const rows = await stored(own, t);
      expect(rows.map((r) => [r.community_id, r.user_id, r.first_event_at, r.first_contribution_at])).toEqual([
        [1, 'UA', '2026-01-01T00:00:00.000000', '2026-01-05T00:00:00.000000'],
        [3, 'UB', '2026-01-07T00:00:00.000000', '2026-01-07T00:00:00.000000'],
      ]);
      expect(rows).toEqual(await fromLog(own, t));
      // And the triggers are back.
      await insertActivity(own, [event(t, 'e4', 'UC', 'message', '2026-01-09T00:00:00.000Z')]);
      expect(await stored(own, t)).toEqual(await fromLog(own, t));
    } finally {
      await own.destroy();
    }
  });
});
