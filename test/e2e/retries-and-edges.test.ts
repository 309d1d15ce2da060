import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { askAs, type CommunityFixture, routedTo, seedCommunity } from '../helpers/community-fixture.js';
import { eventually } from '../helpers/eventually.js';
import { redeliver } from '../helpers/redeliver.js';

/** Counts rows and Slack effects that must not be duplicated by a redelivery. */
async function effects(h: Harness) {
  const count = async (table: 'question' | 'routing' | 'answer' | 'knowledge_entry' | 'activity_event') =>
    (
      await h.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    questions: await count('question'),
    routings: await count('routing'),
    answers: await count('answer'),
    entries: await count('knowledge_entry'),
    activity: await count('activity_event'),
    posts: h.sandbox.callsTo('chat.postMessage').length,
    updates: h.sandbox.callsTo('chat.update').length,
    views: h.sandbox.callsTo('views.open').length,
  };
}

/**
 * The app acks before it works, so "done" is when the effects stop changing: two equal readings 300 ms apart
 * (with the activity buffer flushed before each).
 */
async function settledEffects(h: Harness) {
  let previous = '';
  for (let i = 0; i < 40; i++) {
    await h.sandbox.settled();
    await h.deps.activity.flush();
    const current = await effects(h);
    if (JSON.stringify(current) === previous) return current;
    previous = JSON.stringify(current);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('the app never went quiet');
}

describe('Slack retries and edge cases of the loop', () => {
  let h: Harness;
  let f: CommunityFixture;

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    f = await seedCommunity(h, { names: ['asker', 'e1', 'e2', 'e3'], tags: ['react'] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a redelivered command, message event, button click and reaction produce no duplicate post, DM, row or job', async () => {
    const question = await askAs(h, f, 'asker', 'Why does #react render twice in dev?');
    await routedTo(h, question.id, 3);
    const reply = await h.sandbox.postMessage({
      user: f.person('e1'),
      channel: f.channel,
      text: 'StrictMode does that on purpose.',
      threadTs: question.message_ts as string,
    });
    const prompt = await h.sandbox.waitFor(() =>
      h.sandbox.thread(f.channel, question.message_ts as string).find((m) => JSON.stringify(m).includes('mark_solved')),
    );
    await h.sandbox.clickButton({
      user: f.person('asker'),
      label: 'That solved it',
      in: { channel: f.channel, ts: prompt.ts },
    });
    await eventually(() => h.deps.db.selectFrom('knowledge_entry').select('id').executeTakeFirst());
    await h.sandbox.addReaction({
      user: f.person('asker'),
      channel: f.channel,
      ts: reply.ts,
      name: 'white_check_mark',
    });
    const before = await settledEffects(h);

    const toReplay = h.sandbox.delivered.filter(
      (d) =>
        ['slash_command', 'block_actions', 'event:message', 'event:reaction_added'].includes(d.kind) &&
        d.status === 200,
    );
    expect(toReplay.map((d) => d.kind)).toEqual(
      expect.arrayContaining(['slash_command', 'block_actions', 'event:message', 'event:reaction_added']),
    );
    for (const delivery of toReplay) expect(await redeliver(h, delivery)).toBe(200);
    expect(await settledEffects(h)).toEqual(before);
  });

  it('acks /ask before its Web API calls and routing finish, even with a slow Slack', async () => {
    h.sandbox.setLatency(1500);
    try {
      const text = 'Is #react server rendering worth it for dashboards?';
      const answer = await h.sandbox.slashCommand({
        user: f.person('asker'),
        channel: f.channel,
        command: '/ask',
        text,
      });
      expect(answer.status).toBe(200);
      // Less than one (deliberately slow) Web API round trip: the ack did not wait for any of them.
      expect(answer.ms).toBeLessThan(1500);
      // At ack time nothing was posted yet: the post needs at least one slow Web API round trip.
      const postedAtAck = h.sandbox.messagesIn(f.channel).some((m) => JSON.stringify(m).includes('server rendering'));
      expect(postedAtAck).toBe(false);
      await h.sandbox.waitFor(
        () => h.sandbox.messagesIn(f.channel).find((m) => JSON.stringify(m).includes('server rendering')),
        { timeoutMs: 10_000 },
      );
    } finally {
      h.sandbox.setLatency(0);
    }
  });

  it('ignores bot messages and the asker in the thread, tracks edits and deletions of answers', async () => {
    const text = 'How should #react apps handle auth tokens?';
    const question = await askAs(h, f, 'asker', text);
    const ts = question.message_ts as string;
    await h.sandbox.postMessage({ user: f.person('asker'), channel: f.channel, text: 'Any ideas?', threadTs: ts });
    const bot = h.sandbox.addUser({ name: 'ci-bot', isBot: true });
    await h.sandbox.memberJoin(bot, f.channel);
    await h.sandbox.postMessage({ user: bot, channel: f.channel, text: 'build passed', threadTs: ts });
    await h.sandbox.settled();
    expect(await h.deps.db.selectFrom('answer').select('id').where('question_id', '=', question.id).execute()).toEqual(
      [],
    );

    const reply = await h.sandbox.postMessage({
      user: f.person('e2'),
      channel: f.channel,
      text: 'Use httpOnly cookies',
      threadTs: ts,
    });
    await eventually(() =>
      h.deps.db.selectFrom('answer').select('id').where('question_id', '=', question.id).executeTakeFirst(),
    );
    await h.sandbox.editMessage({
      user: f.person('e2'),
      channel: f.channel,
      ts: reply.ts,
      text: 'Use httpOnly, SameSite cookies',
    });
    await eventually(() =>
      h.deps.db
        .selectFrom('answer')
        .select('text')
        .where('text', '=', 'Use httpOnly, SameSite cookies')
        .executeTakeFirst(),
    );
    await h.sandbox.deleteMessage({ user: f.person('e2'), channel: f.channel, ts: reply.ts });
    await eventually(() =>
      h.deps.db
        .selectFrom('answer')
        .select('id')
        .where('message_ts', '=', reply.ts)
        .where('deleted_at', 'is not', null)
        .executeTakeFirst(),
    );
  });

  it('marks a question solved when the asker reacts ✅ to an answer, but not when someone else does', async () => {
    const text = 'What is the #react compiler?';
    const question = await askAs(h, f, 'asker', text);
    const reply = await h.sandbox.postMessage({
      user: f.person('e3'),
      channel: f.channel,
      text: 'It memoises for you.',
      threadTs: question.message_ts as string,
    });
    // The answer is recorded and the question has moved to "answered" (first response) before anyone reacts.
    await eventually(() =>
      h.deps.db
        .selectFrom('question')
        .select('id')
        .where('id', '=', question.id)
        .where('status', '=', 'answered')
        .executeTakeFirst(),
    );
    await h.sandbox.addReaction({ user: f.person('e1'), channel: f.channel, ts: reply.ts, name: 'white_check_mark' });
    await h.sandbox.settled();
    // The reaction is handled after the ack; give a (wrong) solve every chance to happen before checking it did not.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      (await h.deps.db.selectFrom('question').select('status').where('id', '=', question.id).executeTakeFirstOrThrow())
        .status,
    ).toBe('answered');
    await h.sandbox.addReaction({
      user: f.person('asker'),
      channel: f.channel,
      ts: reply.ts,
      name: 'white_check_mark',
    });
    const entry = await eventually(() =>
      h.deps.db.selectFrom('knowledge_entry').selectAll().where('question_id', '=', question.id).executeTakeFirst(),
    );
    expect(entry.answer).toBe('It memoises for you.');
    expect(entry.answerer_id).toBe(f.person('e3').id);
  });
});
