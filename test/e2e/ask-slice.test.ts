import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { computeSlackSignature } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { eventually } from '../helpers/eventually.js';

describe('the /ask slice through the Slack stand-in (Redis queue)', () => {
  let h: Harness;
  let alice: { id: string };
  let coordinator: { id: string };
  let channel: { id: string };

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    alice = h.sandbox.addUser({ name: 'alice' });
    coordinator = h.sandbox.addUser({ name: 'cora' });
    channel = h.sandbox.addChannel({ name: 'data-cop', members: [alice, coordinator] });
    await h.sandbox.slashCommand({ user: coordinator, channel, command: '/cop', text: 'setup' });
    await h.sandbox.waitFor(() => h.sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('is now the')));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('posts the question in the channel, attributed and escaped, and stores it', async () => {
    const text = 'Why does <!channel> & <@U0000000001> break > our *backups*?';
    const answer = await h.sandbox.slashCommand({ user: alice, channel, command: '/ask', text });
    expect(answer.status).toBe(200);
    const posted = await h.sandbox.waitFor(() =>
      h.sandbox.messagesIn(channel).find((m) => JSON.stringify(m).includes('Question from')),
    );
    const shown = JSON.stringify(posted);
    expect(shown).toContain(`<@${alice.id}>`);
    expect(shown).toContain('&lt;!channel&gt; &amp; &lt;@U0000000001&gt; break &gt; our *backups*?');
    expect(shown).not.toContain('<!channel>');
    await eventually(async () => {
      const row = await h.deps.db.selectFrom('question').select('message_ts').executeTakeFirst();
      return row?.message_ts !== null;
    });
    const stored = await h.deps.db.selectFrom('question').selectAll().where('asker_id', '=', alice.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.title).toBe(text);
    expect(stored[0]?.message_ts).toBe((posted as { ts: string }).ts);
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('explains, and stores nothing, outside a community channel or for an empty question', async () => {
    const elsewhere = h.sandbox.addChannel({ name: 'random', members: [alice] });
    const before = await h.deps.db.selectFrom('question').select('id').execute();
    await h.sandbox.slashCommand({ user: alice, channel: elsewhere, command: '/ask', text: 'anyone?' });
    const reply = await h.sandbox.waitFor(() =>
      h.sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes("isn't a community channel")),
    );
    expect(JSON.stringify(reply)).toContain('ephemeral');
    await h.sandbox.slashCommand({ user: alice, channel, command: '/ask', text: 'x'.repeat(5000) });
    await h.sandbox.waitFor(() =>
      h.sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('characters long')),
    );
    const after = await h.deps.db.selectFrom('question').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('an archived community takes no questions, by command or by a modal opened before it was archived', async () => {
    const closing = h.sandbox.addChannel({ name: 'closing-cop', members: [alice, coordinator] });
    await h.sandbox.slashCommand({ user: coordinator, channel: closing, command: '/cop', text: 'setup' });
    await h.sandbox.waitFor(() =>
      h.sandbox.responseUrlPosts.find(
        (p) => JSON.stringify(p).includes('closing-cop') && JSON.stringify(p).includes('is now the'),
      ),
    );
    await h.sandbox.slashCommand({ user: alice, channel: closing, command: '/ask', text: '' });
    const modal = await h.sandbox.waitFor(() =>
      h.sandbox.views.find((v) => v.spec.callback_id === 'ask_modal' && v.user === alice.id),
    );
    await h.deps.db
      .updateTable('community')
      .set({ archived_at: new Date() })
      .where('id', 'in', (eb) =>
        eb.selectFrom('community_channel').select('community_id').where('channel_id', '=', closing.id),
      )
      .execute();
    const refusals = () =>
      h.sandbox.responseUrlPosts.filter((p) => JSON.stringify(p).includes("isn't a community channel")).length;
    const before = refusals();
    await h.sandbox.slashCommand({ user: alice, channel: closing, command: '/ask', text: 'still there?' });
    await h.sandbox.waitFor(() => refusals() > before);
    await h.sandbox.submitView({
      user: alice,
      viewId: modal.id,
      values: { ask_title: { value: 'And from the form?' } },
    });
    const told = await h.sandbox.waitFor(() =>
      h.sandbox.ephemerals.find(
        (e) =>
          e.source === 'api' &&
          e.channel === closing.id &&
          e.user === alice.id &&
          JSON.stringify(e).includes("isn't a community channel"),
      ),
    );
    expect(told.text).toContain('/cop setup');
    const stored = await h.deps.db.selectFrom('question').select('id').where('channel_id', '=', closing.id).execute();
    expect(stored).toEqual([]);
  });

  it('refuses a bad signature with 401 and a stale timestamp', async () => {
    const body = 'command=%2Fask&text=hi&team_id=T1&channel_id=C1&user_id=U1&trigger_id=1.2.3';
    const now = Math.floor(Date.now() / 1000);
    const send = (ts: number, signature: string) =>
      fetch(`${h.appUrl}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        },
        body,
      });
    expect((await send(now, 'v0=deadbeef')).status).toBe(401);
    const stale = now - 301;
    const staleResponse = await send(stale, computeSlackSignature(h.signingSecret, stale, body));
    expect(staleResponse.status).toBeGreaterThanOrEqual(400);
    const questions = await h.deps.db.selectFrom('question').select('id').where('channel_id', '=', 'C1').execute();
    expect(questions).toEqual([]);
  });

  it('has its effect once when an event is delivered three times', async () => {
    const bob = h.sandbox.addUser({ name: 'bob' });
    const deliveries = await h.sandbox.deliverEvent(
      { type: 'member_joined_channel', user: bob.id, channel: channel.id, channel_type: 'C', team: h.sandbox.teamId },
      { times: 3 },
    );
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    const welcomes = () =>
      h.sandbox.callsTo('chat.postEphemeral').filter((c) => JSON.stringify(c.args).includes(bob.id));
    await h.sandbox.waitFor(() => welcomes().length > 0);
    await eventually(async () => {
      const rows = await h.deps.db.selectFrom('activity_event').select('id').where('user_id', '=', bob.id).execute();
      return rows.length > 0;
    });
    // Give the two redeliveries every chance to act (they were answered already; nothing is pending).
    await new Promise((resolve) => setImmediate(resolve));
    expect(welcomes()).toHaveLength(1);
    const joins = await h.deps.db.selectFrom('activity_event').select('id').where('user_id', '=', bob.id).execute();
    expect(joins).toHaveLength(1);
  });

  it('gives a new community its weekly digest and nightly router-training schedules at once', async () => {
    const community = await h.deps.db.selectFrom('community').select('id').executeTakeFirstOrThrow();
    expect(await h.deps.queue.schedulerNext(`digest:${community.id}`)).toBeInstanceOf(Date);
    expect(await h.deps.queue.schedulerNext(`train-router:${community.id}`)).toBeInstanceOf(Date);
  });

  it('reports database and queue health on /healthz', async () => {
    const response = await fetch(`${h.appUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: true, queue: true, backend: 'redis' });
  });
});
