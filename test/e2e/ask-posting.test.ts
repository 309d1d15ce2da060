import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createProcessors } from '../../src/jobs/processors.js';
import { openJobQueue } from '../../src/jobs/queues.js';
import { insertEntry } from '../../src/knowledge/knowledge.repository.js';
import { ASK_FAILED_MESSAGE } from '../../src/questions/ask-messages.js';
import { postQuestionProcessor } from '../../src/questions/question.processors.js';
import { insertQuestion } from '../../src/questions/question.repository.js';
import { QUESTION_EVENT_TYPE, SUGGESTIONS_EVENT_TYPE } from '../../src/questions/question-posts.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { askAs, type CommunityFixture, seedCommunity } from '../helpers/community-fixture.js';
import { eventually } from '../helpers/eventually.js';
import { entryFixture } from '../helpers/knowledge.js';
import { TEST_REDIS_URL, uniqueName } from '../helpers/test-env.js';

/**
 * /ask is split in two: the app stores the question and queues its posting (so the ack never waits on the post, the
 * knowledge search or the routing), and the worker posts it and tells the asker. These tests show the asker's side
 * of that split: the outcome arrives, nothing is lost while no worker runs, nothing is posted twice after a crash,
 * and a question that cannot be posted is removed and explained.
 */
describe('/ask posting in the worker', () => {
  let h: Harness;
  let f: CommunityFixture;
  const job = (questionId: number, attemptsMade: number, attemptsStarted = attemptsMade + 1) =>
    postQuestionProcessor(h.deps).process(
      { questionId },
      { jobId: `post-question-${questionId}`, attemptsMade, attemptsStarted, timestamp: 0 },
    );
  const giveUp = (questionId: number) =>
    postQuestionProcessor(h.deps).giveUp({ questionId }, new Error('attempts used up'));
  const storeQuestion = (title: string, tags: string[] = []) =>
    insertQuestion(h.deps.db, {
      teamId: h.sandbox.teamId,
      communityId: f.communityId,
      channelId: f.channel.id,
      askerId: f.person('ann').id,
      title,
      details: '',
      tags,
      requestKey: `test:${title}`,
      askedAt: new Date(),
    }).then((q) => q as NonNullable<typeof q>);
  const postsOf = (questionId: number) =>
    h.sandbox
      .messagesIn(f.channel)
      .filter(
        (m) =>
          JSON.stringify(m).includes(`"question_id":${questionId}`) || JSON.stringify(m).includes(`Q-${questionId} `),
      );

  beforeAll(async () => {
    h = await startHarness({ worker: false });
    f = await seedCommunity(h, { names: ['ann', 'bob', 'cy'], tags: ['postgres'] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('acks and stores the question while no worker runs, and posts it once a worker starts', async () => {
    const answer = await h.sandbox.slashCommand({
      user: f.person('ann'),
      channel: f.channel,
      command: '/ask',
      text: 'How do I vacuum a #postgres table without locking it?',
    });
    expect(answer.status).toBe(200);
    const stored = await eventually(() => h.deps.db.selectFrom('question').selectAll().executeTakeFirst());
    expect(stored.message_ts).toBeNull();
    expect(h.sandbox.messagesIn(f.channel).some((m) => JSON.stringify(m).includes('Question from'))).toBe(false);

    const worker = h.deps.queue.startWorker(createProcessors(h.deps));
    try {
      const posted = await eventually(() =>
        h.deps.db
          .selectFrom('question')
          .selectAll()
          .where('id', '=', stored.id)
          .where('message_ts', 'is not', null)
          .executeTakeFirst(),
      );
      expect(posted.tags).toContain('postgres');
      const told = await h.sandbox.waitFor(() =>
        h.sandbox.ephemerals.find((e) => e.user === f.person('ann').id && e.text.includes('Your question is posted')),
      );
      expect(told.channel).toBe(f.channel.id);
      const message = h.sandbox.messagesIn(f.channel).find((m) => m.ts === posted.message_ts);
      expect(message?.metadata).toMatchObject({
        event_type: QUESTION_EVENT_TYPE,
        event_payload: { question_id: stored.id },
      });
      // The same flow a worker always ran: routed to the experts, once.
      await eventually(() =>
        h.deps.db.selectFrom('routing').select('id').where('question_id', '=', stored.id).executeTakeFirst(),
      );
    } finally {
      await worker.close();
    }
  });

  it('tags a question with what two similar past questions share, in the posted message', async () => {
    await storeQuestion('Autovacuum never finishes on the orders table', ['vacuum']);
    await storeQuestion('Autovacuum settings for one very busy table', ['vacuum']);
    await storeQuestion('Orders table bloat after a bulk delete', ['bloat']);
    const asked = await storeQuestion('How should I tune autovacuum for a single table?');
    await job(asked.id, 0);
    const posted = await h.deps.db
      .selectFrom('question')
      .selectAll()
      .where('id', '=', asked.id)
      .executeTakeFirstOrThrow();
    expect(posted.tags).toEqual(['vacuum']);
    expect(JSON.stringify(postsOf(asked.id))).toContain('#vacuum');
  });

  it('does not post twice when a worker died after posting but before recording it', async () => {
    const question = await storeQuestion('Which index type suits a jsonb containment query?');
    // The earlier run's post: in the channel with the question's metadata, but its ts never reached the row.
    const earlier = await h.deps.slack.chat.postMessage({
      channel: f.channel.id,
      text: `Question from <@${f.person('ann').id}>`,
      metadata: { event_type: QUESTION_EVENT_TYPE, event_payload: { question_id: question.id } },
    });
    // BullMQ re-runs a job whose worker died without counting a failed attempt: only attemptsStarted says so.
    await job(question.id, 0, 2);
    const row = await h.deps.db
      .selectFrom('question')
      .select('message_ts')
      .where('id', '=', question.id)
      .executeTakeFirstOrThrow();
    expect(row.message_ts).toBe(earlier.ts);
    expect(postsOf(question.id)).toHaveLength(1);
  });

  it('does not suggest knowledge twice when a worker died after suggesting', async () => {
    await insertEntry(
      h.deps.db,
      entryFixture(
        {
          teamId: h.sandbox.teamId,
          communityId: f.communityId,
          sourceChannelId: f.channel.id,
          authorId: f.person('bob').id,
          answererId: f.person('bob').id,
        },
        { title: 'Logical replication slot keeps growing', answer: 'Drop the unused slot.' },
      ),
    );
    const question = await storeQuestion('Why does my logical replication slot keep growing?');
    await job(question.id, 0);
    const suggestions = () =>
      h.sandbox.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.args).includes(SUGGESTIONS_EVENT_TYPE));
    expect(suggestions()).toHaveLength(1);
    // The first run died after suggesting (nothing marks the job done): the re-run finds the suggestions.
    await job(question.id, 0, 2);
    expect(suggestions()).toHaveLength(1);
  });

  it('keeps a question an earlier run posted when the last attempt fails before recording it', async () => {
    const question = await storeQuestion('Is a partial index used for a prepared statement?');
    const earlier = await h.deps.slack.chat.postMessage({
      channel: f.channel.id,
      text: `Question from <@${f.person('ann').id}>`,
      metadata: { event_type: QUESTION_EVENT_TYPE, event_payload: { question_id: question.id } },
    });
    const toldFailed = () => h.sandbox.ephemerals.filter((e) => e.text === ASK_FAILED_MESSAGE).length;
    const toldBefore = toldFailed();
    h.sandbox.failNext('conversations.history', 'internal_error'); // the last attempt's own look-up fails
    await expect(job(question.id, 4)).rejects.toThrow();
    await giveUp(question.id);
    const row = await h.deps.db
      .selectFrom('question')
      .select('message_ts')
      .where('id', '=', question.id)
      .executeTakeFirst();
    expect(row?.message_ts).toBe(earlier.ts);
    expect(toldFailed()).toBe(toldBefore); // nobody is told "nothing was saved" about a question that is up
  });

  it('removes the question and tells the asker when the last attempt cannot post it', async () => {
    const question = await storeQuestion('Why is my replica lagging behind?');
    h.sandbox.failNext('chat.postMessage', 'internal_error');
    await expect(job(question.id, 4)).rejects.toThrow();
    await giveUp(question.id);
    expect(
      await h.deps.db.selectFrom('question').select('id').where('id', '=', question.id).executeTakeFirst(),
    ).toBeUndefined();
    expect(postsOf(question.id)).toHaveLength(0);
    await h.sandbox.waitFor(() =>
      h.sandbox.ephemerals.find((e) => e.user === f.person('ann').id && e.text === ASK_FAILED_MESSAGE),
    );
  });

  it("keeps an earlier attempt's failure retryable: the question stays until the last attempt", async () => {
    const question = await storeQuestion('What does checkpoint_timeout trade off?');
    h.sandbox.failNext('chat.postMessage', 'internal_error');
    await expect(job(question.id, 0)).rejects.toThrow();
    expect(
      await h.deps.db.selectFrom('question').select('id').where('id', '=', question.id).executeTakeFirst(),
    ).toBeDefined();
    await job(question.id, 1);
    expect(postsOf(question.id)).toHaveLength(1);
  });

  it('tells the asker in a DM when the bot is not in the channel, and keeps nothing', async () => {
    const question = await storeQuestion('Can I grant usage on a schema to a role?');
    h.sandbox.failNext('chat.postMessage', 'not_in_channel');
    h.sandbox.failNext('chat.postEphemeral', 'not_in_channel');
    await job(question.id, 0);
    expect(
      await h.deps.db.selectFrom('question').select('id').where('id', '=', question.id).executeTakeFirst(),
    ).toBeUndefined();
    const dm = await h.sandbox.waitFor(() =>
      h.sandbox.dmWith(f.person('ann').id).find((m) => JSON.stringify(m).includes('I need to be in this channel')),
    );
    expect(JSON.stringify(dm)).toContain('/invite @Praxis');
  });

  it('still answers the asker through the whole flow with a worker in the app process', async () => {
    const worker = h.deps.queue.startWorker(createProcessors(h.deps));
    try {
      const q = await askAs(h, f, 'bob', 'Is pg_repack safe on a busy table?');
      expect(q.message_ts).not.toBeNull();
      await h.sandbox.waitFor(() =>
        h.sandbox.ephemerals.find((e) => e.user === f.person('bob').id && e.text.includes('Your question is posted')),
      );
    } finally {
      await worker.close();
    }
  });

  it('gives up through the queue: after the last failed attempt the question is removed and the asker told', async () => {
    const question = await storeQuestion('Does pgbouncer break prepared statements?');
    const toldFailed = () =>
      h.sandbox.ephemerals.filter((e) => e.user === f.person('ann').id && e.text === ASK_FAILED_MESSAGE).length;
    const toldBefore = toldFailed();
    // A queue of its own: a job an earlier test left waiting on the shared one (a routing, say) would run here, and
    // its DMs would use up the failures meant for this question's posts, so its last attempt would succeed.
    const queue = openJobQueue(
      { kind: 'redis', url: TEST_REDIS_URL },
      uniqueName('give-up'),
      pino({ level: 'silent' }),
    );
    const deps = { ...h.deps, queue };
    h.sandbox.failNext('chat.postMessage', 'internal_error', 5); // every attempt the queue makes fails
    const worker = queue.startWorker(createProcessors(deps));
    try {
      await queue.add('post-question', { questionId: question.id }, { jobId: `post-question-${question.id}` });
      await eventually(
        async () =>
          (await h.deps.db.selectFrom('question').select('id').where('id', '=', question.id).executeTakeFirst()) ===
          undefined,
        { timeoutMs: 40_000, intervalMs: 200 },
      );
      await h.sandbox.waitFor(() => toldFailed() > toldBefore || null, { timeoutMs: 5_000 });
      expect(postsOf(question.id)).toHaveLength(0);
    } finally {
      await worker.close();
      await queue.close();
    }
  }, 60_000);
});
