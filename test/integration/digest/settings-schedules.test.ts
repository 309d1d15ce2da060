import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import type { Deps } from '../../../src/deps.js';
import { digestSchedulerId, syncAllDigestSchedules } from '../../../src/digest/schedules.js';
import { FIELD } from '../../../src/digest/settings/settings.blocks.js';
import type { ViewValues } from '../../../src/digest/settings/settings.parse.js';
import { NOT_A_COORDINATOR, openSettings, submitSettings } from '../../../src/digest/settings/settings.service.js';
import { type JobQueue, openJobQueue } from '../../../src/jobs/queues.js';
import { TEST_REDIS_URL, testDatabaseUrl, uniqueName } from '../../helpers/test-env.js';
import { type Fixture, seedFixture } from './fixture.js';

let db: Kysely<Database>;
let queue: JobQueue;
const logger = pino({ level: 'silent' });

beforeAll(() => {
  db = createDatabase(testDatabaseUrl(), 4);
  queue = openJobQueue({ kind: 'redis', url: TEST_REDIS_URL }, uniqueName('digest-sched'), logger);
});
afterAll(async () => {
  await queue.close();
  await db.destroy();
});

function fakeClient() {
  const opened: unknown[] = [];
  const client = {
    views: {
      open: async (args: { view: unknown }) => {
        opened.push(args.view);
        return { ok: true };
      },
    },
    users: { info: async () => ({ ok: true, user: { tz: 'America/New_York' } }) },
    conversations: {
      info: async ({ channel }: { channel: string }) => ({
        ok: true,
        channel: { id: channel, is_private: channel.startsWith('G') },
      }),
    },
  };
  return { client: client as unknown as Deps['slack'], opened };
}

function values(f: Fixture, over: Record<string, Record<string, unknown>> = {}): ViewValues {
  const base: Record<string, Record<string, unknown>> = {
    [FIELD.name]: { value: 'Data Engineering' },
    [FIELD.domain]: { value: 'Pipelines and storage' },
    [FIELD.channels]: { selected_conversations: [f.channelId, `G${f.teamId}`] },
    [FIELD.coordinators]: { selected_users: [f.u.A, f.u.B] },
    [FIELD.vocabulary]: { value: 'postgres: pg, postgresql\nkafka' },
    [FIELD.experts]: { value: '2' },
    [FIELD.target]: { value: '12' },
    [FIELD.freshness]: { value: '90' },
    [FIELD.day]: { selected_option: { value: '5' } },
    [FIELD.time]: { selected_time: '16:30' },
    [FIELD.tz]: { value: 'Asia/Tokyo' },
    [FIELD.destination]: { selected_options: [{ value: 'coordinators' }] },
    [FIELD.digestChannel]: { selected_conversation: `CDIG${f.teamId}` },
    [FIELD.thresholds]: { value: 'backlogCount: 5' },
  };
  return Object.fromEntries(Object.entries({ ...base, ...over }).map(([k, v]) => [k, { v }])) as ViewValues;
}

describe('coordinator settings and digest schedules', () => {
  it('a non-coordinator gets a friendly refusal and cannot save', async () => {
    const f = await seedFixture(db, `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`);
    const { client, opened } = fakeClient();
    const deps = { db, queue, logger, now: () => new Date() };
    expect(await openSettings(deps, client, { userId: f.u.C, channelId: f.channelId, triggerId: 't' })).toEqual({
      kind: 'refused',
      message: NOT_A_COORDINATOR,
    });
    expect(opened).toEqual([]);
    const ack = await submitSettings(deps, client, {
      userId: f.u.C,
      privateMetadata: String(f.communityId),
      values: values(f),
    });
    expect(ack).toEqual({ response_action: 'errors', errors: { name: NOT_A_COORDINATOR } });
    const row = await db
      .selectFrom('community')
      .select('name')
      .where('id', '=', f.communityId)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Data Eng CoP');
  });

  it('a coordinator opens the modal in their own time zone, saves, and the schedule follows', async () => {
    const f = await seedFixture(db, `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`);
    const { client, opened } = fakeClient();
    const deps = { db, queue, logger, now: () => new Date() };
    expect(await openSettings(deps, client, { userId: f.u.A, channelId: f.channelId, triggerId: 't' })).toEqual({
      kind: 'opened',
    });
    // The community is on the default UTC; the coordinator's own zone (users.info) is offered instead.
    expect(JSON.stringify(opened[0])).toContain('"initial_value":"America/New_York"');

    const bad = await submitSettings(deps, client, {
      userId: f.u.A,
      privateMetadata: String(f.communityId),
      values: values(f, { [FIELD.cron]: { value: 'sometimes' } }),
    });
    expect(bad?.errors[FIELD.cron]).toContain('not a valid cron expression');

    expect(
      await submitSettings(deps, client, { userId: f.u.A, privateMetadata: String(f.communityId), values: values(f) }),
    ).toBeUndefined();
    const c = await db.selectFrom('community').selectAll().where('id', '=', f.communityId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      name: 'Data Engineering',
      experts_per_question: 2,
      answer_target_seconds: 12 * 3600,
      freshness_days: 90,
      digest_cron: '30 16 * * 5',
      digest_tz: 'Asia/Tokyo',
      digest_channel_id: `CDIG${f.teamId}`,
      alert_thresholds: { backlogCount: 5 },
    });
    const channels = await db
      .selectFrom('community_channel')
      .select(['channel_id', 'is_private'])
      .where('community_id', '=', f.communityId)
      .orderBy('channel_id')
      .execute();
    expect(channels).toEqual([
      { channel_id: f.channelId, is_private: false },
      { channel_id: `G${f.teamId}`, is_private: true },
    ]);
    const synonyms = await db
      .selectFrom('tag_synonym')
      .select(['synonym', 'tag_name'])
      .where('community_id', '=', f.communityId)
      .orderBy('synonym')
      .execute();
    expect(synonyms).toEqual([
      { synonym: 'pg', tag_name: 'postgres' },
      { synonym: 'postgresql', tag_name: 'postgres' },
    ]);
    // Friday 16:30 in Tokyo is 07:30 UTC.
    const next = await queue.schedulerNext(digestSchedulerId(f.communityId));
    expect(next?.getUTCDay()).toBe(5);
    expect([next?.getUTCHours(), next?.getUTCMinutes()]).toEqual([7, 30]);

    // Archive: the scheduler goes away; un-archiving brings it back at boot.
    await submitSettings(deps, client, {
      userId: f.u.B,
      privateMetadata: String(f.communityId),
      values: values(f, { [FIELD.archive]: { selected_options: [{ value: 'archive' }] } }),
    });
    expect(await queue.schedulerNext(digestSchedulerId(f.communityId))).toBeNull();
    await db.updateTable('community').set({ archived_at: null }).where('id', '=', f.communityId).execute();
    const counts = await syncAllDigestSchedules({ db, queue, logger });
    expect(counts.upserted).toBeGreaterThanOrEqual(1);
    expect(await queue.schedulerNext(digestSchedulerId(f.communityId))).not.toBeNull();
  });
});
