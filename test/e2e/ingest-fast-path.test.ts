import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { createDatabase } from '../../src/db/client.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { askAs, type CommunityFixture, routedTo, seedCommunity } from '../helpers/community-fixture.js';
import { eventually } from '../helpers/eventually.js';

// Message events that Praxis only records take a shorter path (src/slack/middleware/record-only-messages.ts): no
// delivery claim, no listener chain. These tests hold that path to the same rules as the claimed one: every effect
// once under Slack's redeliveries, nothing recorded for bots or outside communities, nothing lost on shutdown.

let tsCounter = 0;
/** A fresh message ts, unique within the run. */
function nextTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
}

async function activityRows(h: Harness, channelId: string, itemTs: string) {
  await h.deps.activity.flush();
  return h.deps.db
    .selectFrom('activity_event')
    .select(['kind', 'user_id', 'is_reply', 'source_key'])
    .where('channel_id', '=', channelId)
    .where('item_ts', '=', itemTs)
    .execute();
}

async function claimed(h: Harness, eventId: string | undefined): Promise<boolean> {
  const row = await h.deps.db
    .selectFrom('processed_event')
    .select('event_id')
    .where('event_id', '=', `event:${eventId}`)
    .executeTakeFirst();
  return row !== undefined;
}

describe('ingest: message events that are only recorded', () => {
  let h: Harness;
  let f: CommunityFixture;

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    f = await seedCommunity(h, { names: ['asker', 'e1', 'e2'], tags: ['kotlin'] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records a channel message delivered three times (Slack retries) as one row, without a delivery claim', async () => {
    const ts = nextTs();
    const deliveries = await h.sandbox.deliverEvent(
      { type: 'message', user: f.person('e1').id, channel: f.channel.id, text: 'hello', ts, channel_type: 'channel' },
      { times: 3 },
    );
    expect(deliveries.map((d) => [d.status, d.retryNum])).toEqual([
      [200, 0],
      [200, 1],
      [200, 2],
    ]);
    await eventually(async () => (await activityRows(h, f.channel.id, ts)).length > 0);
    // Every delivery was answered and handled before its response arrived; give any straggler a flush.
    expect(await activityRows(h, f.channel.id, ts)).toEqual([
      { kind: 'message', user_id: f.person('e1').id, is_reply: false, source_key: `msg:${f.channel.id}:${ts}` },
    ]);
    expect(await claimed(h, deliveries[0]?.eventId)).toBe(false);
  });

  it('records file shares once and bot posts or channels outside any community not at all', async () => {
    const shareTs = nextTs();
    await h.sandbox.deliverEvent(
      {
        type: 'message',
        subtype: 'file_share',
        user: f.person('e2').id,
        channel: f.channel.id,
        text: '',
        ts: shareTs,
        channel_type: 'channel',
      },
      { times: 2 },
    );
    const botTs = nextTs();
    await h.sandbox.deliverEvent(
      { type: 'message', subtype: 'bot_message', bot_id: 'BOTHER', channel: f.channel.id, text: 'beep', ts: botTs },
      { times: 2 },
    );
    const elsewhere = h.sandbox.addChannel({ name: 'random-elsewhere', members: [f.person('e1')] });
    const elsewhereTs = nextTs();
    await h.sandbox.deliverEvent({
      type: 'message',
      user: f.person('e1').id,
      channel: elsewhere.id,
      text: 'not a community channel',
      ts: elsewhereTs,
      channel_type: 'channel',
    });
    await eventually(async () => (await activityRows(h, f.channel.id, shareTs)).length > 0);
    expect((await activityRows(h, f.channel.id, shareTs)).map((r) => r.kind)).toEqual(['message']);
    expect(await activityRows(h, f.channel.id, botTs)).toEqual([]);
    expect(await activityRows(h, elsewhere.id, elsewhereTs)).toEqual([]);
  });

  it('ignores the bot’s own events: its reaction to a message records no activity and claims nothing', async () => {
    const ts = nextTs();
    await h.sandbox.deliverEvent({
      type: 'message',
      user: f.person('e1').id,
      channel: f.channel.id,
      text: 'a message to react to',
      ts,
      channel_type: 'channel',
    });
    await eventually(async () => (await activityRows(h, f.channel.id, ts)).length > 0);
    const reaction = (user: string) => ({
      type: 'reaction_added',
      user,
      reaction: 'eyes',
      item: { type: 'message', channel: f.channel.id, ts },
      item_user: f.person('e1').id,
      event_ts: nextTs(),
    });
    const [own] = await h.sandbox.deliverEvent(reaction(h.sandbox.botUserId));
    const [member] = await h.sandbox.deliverEvent(reaction(f.person('e2').id));
    expect([own?.status, member?.status]).toEqual([200, 200]);
    await h.sandbox.settled();
    await eventually(async () => (await activityRows(h, f.channel.id, ts)).length > 1);
    const reactions = (await activityRows(h, f.channel.id, ts)).filter((row) => row.kind !== 'message');
    expect(reactions.map((row) => row.user_id)).toEqual([f.person('e2').id]);
    expect(await claimed(h, own?.eventId)).toBe(false);
    expect(await claimed(h, member?.eventId)).toBe(true);
  });

  it('still claims a thread reply under a question: redelivered, it is one answer and one activity row', async () => {
    const question = await askAs(h, f, 'asker', 'How do #kotlin coroutines cancel?');
    await routedTo(h, question.id, 2);
    const ts = nextTs();
    const deliveries = await h.sandbox.deliverEvent(
      {
        type: 'message',
        user: f.person('e2').id,
        channel: f.channel.id,
        text: 'Cooperatively, at suspension points.',
        ts,
        thread_ts: question.message_ts as string,
        channel_type: 'channel',
      },
      { times: 3 },
    );
    const answers = () =>
      h.deps.db.selectFrom('answer').select('id').where('question_id', '=', question.id).where('message_ts', '=', ts);
    await eventually(async () => (await answers().execute()).length > 0);
    await h.sandbox.settled();
    expect(await answers().execute()).toHaveLength(1);
    expect((await activityRows(h, f.channel.id, ts)).map((r) => [r.kind, r.is_reply])).toEqual([['message', true]]);
    expect(await claimed(h, deliveries[0]?.eventId)).toBe(true);
    // The claim commits asynchronously for its own statement only: no pooled connection keeps that setting. The pool
    // holds at most 10 connections, so 10 concurrent queries see every one of them.
    const settings = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.deps.db.connection().execute(async (c) => {
          const { rows } = await sql<{ is_default: boolean }>`
            select setting = reset_val as is_default from pg_settings where name = 'synchronous_commit'`.execute(c);
          await sql`select pg_sleep(0.05)`.execute(c);
          return rows[0]?.is_default;
        }),
      ),
    );
    expect(settings).toEqual(Array(10).fill(true));
  });

  it('records a thread reply outside any question once (redelivered), without a delivery claim', async () => {
    const parent = nextTs();
    const ts = nextTs();
    const deliveries = await h.sandbox.deliverEvent(
      {
        type: 'message',
        user: f.person('e1').id,
        channel: f.channel.id,
        text: 'a side conversation',
        ts,
        thread_ts: parent,
        channel_type: 'channel',
      },
      { times: 2 },
    );
    await eventually(async () => (await activityRows(h, f.channel.id, ts)).length > 0);
    expect((await activityRows(h, f.channel.id, ts)).map((r) => [r.kind, r.is_reply])).toEqual([['message', true]]);
    expect(await claimed(h, deliveries[0]?.eventId)).toBe(false);
    expect(await h.deps.db.selectFrom('answer').select('id').where('message_ts', '=', ts).execute()).toEqual([]);
  });
});

describe('ingest: shutdown', () => {
  it('writes every message recorded through the short path when the app stops', async () => {
    const h = await startHarness({ queue: 'redis', worker: false });
    let closed = false;
    try {
      const f = await seedCommunity(h, { names: ['talker'], tags: ['go'] });
      // The first message looks the channel up in the database; wait for it, so the rest are handled in full before
      // their acks reach us (a cached channel costs no I/O between the ack and the record).
      await h.sandbox.postMessage({ user: f.person('talker'), channel: f.channel, text: 'first' });
      await eventually(async () => (await h.deps.db.selectFrom('activity_event').select('id').execute()).length > 0);
      for (let i = 0; i < 40; i++) {
        await h.sandbox.postMessage({ user: f.person('talker'), channel: f.channel, text: `message ${i}` });
      }
      const databaseUrl = h.deps.config.databaseUrl as string;
      closed = true;
      await h.close();
      const db = createDatabase(databaseUrl, 1);
      try {
        const rows = await db
          .selectFrom('activity_event')
          .select('item_ts')
          .where('channel_id', '=', f.channel.id)
          .where('kind', '=', 'message')
          .execute();
        expect(rows).toHaveLength(41);
      } finally {
        await db.destroy();
      }
    } finally {
      if (!closed) await h.close();
    }
  });
});
