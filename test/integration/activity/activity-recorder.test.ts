import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { ActivityInput } from '../../../src/activity/activity.repository.js';
import { createActivityRecorder } from '../../../src/activity/activity-recorder.js';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { testDatabaseUrl, uniqueName } from '../../helpers/test-env.js';

let db: Kysely<Database>;
const logger = pino({ level: 'silent' });
beforeAll(() => {
  db = createDatabase(testDatabaseUrl(), 4);
});
afterAll(async () => {
  await db.destroy();
});

const rowsFor = async (teamId: string) =>
  (
    await db
      .selectFrom('activity_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('team_id', '=', teamId)
      .executeTakeFirstOrThrow()
  ).n;

function events(teamId: string, n: number, prefix = 'k'): ActivityInput[] {
  return Array.from({ length: n }, (_, i) => ({
    teamId,
    communityId: 1,
    channelId: 'C1',
    userId: `U${i % 7}`,
    kind: 'message',
    occurredAt: new Date(),
    sourceKey: `${teamId}:${prefix}${i}`,
  }));
}

describe('batched activity recorder', () => {
  it('writes 5,000 events in batches, counts redelivered events once, and loses nothing on close', async () => {
    const teamId = uniqueName('T');
    // Count statements: the recorder must not issue one INSERT per event.
    let inserts = 0;
    const counting = db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'InsertQueryNode') inserts += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const recorder = createActivityRecorder(counting, logger, { flushMs: 50, maxBatch: 500 });
    const batch = events(teamId, 5000);
    for (const e of batch) recorder.record(e);
    for (const e of batch.slice(0, 300)) recorder.record(e); // Slack redelivers some events
    // record() only buffers and returns: right after the calls, nothing has been written yet.
    expect(recorder.pending()).toBeGreaterThan(0);
    expect(Number(await rowsFor(teamId))).toBeLessThan(5000);
    await recorder.close();
    expect(Number(await rowsFor(teamId))).toBe(5000);
    expect(inserts).toBeLessThanOrEqual(12);
    expect(recorder.pending()).toBe(0);
  });

  it('flushes on its timer without an explicit flush', async () => {
    const teamId = uniqueName('T');
    const recorder = createActivityRecorder(db, logger, { flushMs: 20, maxBatch: 1000 });
    for (const e of events(teamId, 3)) recorder.record(e);
    await new Promise((r) => setTimeout(r, 300));
    expect(Number(await rowsFor(teamId))).toBe(3);
    await recorder.close();
  });

  it('keeps a failed batch and writes it on the next flush', async () => {
    const teamId = uniqueName('T');
    let failNext = true;
    const flaky = db.withPlugin({
      transformQuery: (args) => {
        if (failNext && args.node.kind === 'InsertQueryNode') {
          failNext = false;
          throw new Error('connection reset');
        }
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const recorder = createActivityRecorder(flaky, logger, { flushMs: 10_000, maxBatch: 1000 });
    for (const e of events(teamId, 10)) recorder.record(e);
    await expect(recorder.flush()).rejects.toThrow('connection reset');
    expect(recorder.pending()).toBe(10);
    await recorder.close();
    expect(Number(await rowsFor(teamId))).toBe(10);
  });
});
