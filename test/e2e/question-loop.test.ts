import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setDeclaredTags } from '../../src/expertise/expertise.repository.js';
import { setAvailability, upsertMember } from '../../src/members/member.repository.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { eventually } from '../helpers/eventually.js';

describe('the question loop end to end (PostgreSQL queue backend)', () => {
  let h: Harness;
  const people: Record<string, { id: string }> = {};
  let channel: { id: string };

  beforeAll(async () => {
    h = await startHarness({ queue: 'postgres' });
    for (const name of ['asker', 'cora', 'ann', 'ben', 'cat', 'dan', 'sleepy', 'busy'])
      people[name] = h.sandbox.addUser({ name });
    channel = h.sandbox.addChannel({ name: 'data-cop', members: Object.values(people) });
    await h.sandbox.slashCommand({ user: people.cora as { id: string }, channel, command: '/cop', text: 'setup' });
    await eventually(() => h.deps.db.selectFrom('community').select('id').executeTakeFirst());
    const teamId = h.sandbox.teamId;
    for (const name of ['asker', 'ann', 'ben', 'cat', 'dan', 'sleepy', 'busy']) {
      const id = (people[name] as { id: string }).id;
      await upsertMember(h.deps.db, {
        teamId,
        userId: id,
        displayName: name,
        tz: 'UTC',
        isBot: false,
        deactivated: false,
      });
      await setDeclaredTags(h.deps.db, teamId, id, ['postgres'], new Date());
    }
    await setAvailability(h.deps.db, teamId, (people.sleepy as { id: string }).id, {
      snoozed_until: new Date(Date.now() + 86_400_000),
    });
    await setAvailability(h.deps.db, teamId, (people.busy as { id: string }).id, { weekly_cap: 0 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('asks, routes to 3 eligible experts, takes an answer from the DM modal, and saves the solved thread', async () => {
    const asker = people.asker as { id: string };
    await h.sandbox.slashCommand({
      user: asker,
      channel,
      command: '/ask',
      text: 'How do I vacuum a huge #postgres table without locking it?',
    });
    const routed = await eventually(async () => {
      const rows = await h.deps.db.selectFrom('routing').selectAll().execute();
      return rows.length === 3 && rows.every((r) => r.dm_ts !== null) ? rows : null;
    });
    const routedIds = routed.map((r) => r.user_id).sort();
    for (const never of ['asker', 'sleepy', 'busy', 'cora'])
      expect(routedIds).not.toContain((people[never] as { id: string }).id);
    const dmCards = h.sandbox.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));
    expect(dmCards).toHaveLength(3);

    const expert = { id: routedIds[0] as string };
    const card = routed.find((r) => r.user_id === expert.id);
    await h.sandbox.clickButton({
      user: expert,
      label: 'Answer',
      in: { channel: card?.dm_channel_id as string, ts: card?.dm_ts as string },
    });
    const modal = await h.sandbox.waitFor(() =>
      h.sandbox.views.find((v) => JSON.stringify(v).includes('expert_answer_modal')),
    );
    await h.sandbox.submitView({
      user: expert,
      viewId: (modal as { id: string }).id,
      values: { expert_answer_text: { value: 'Use VACUUM (without FULL) & pg_repack <for> big ones.' } },
    });

    const question = await eventually(() =>
      h.deps.db.selectFrom('question').selectAll().where('first_response_at', 'is not', null).executeTakeFirst(),
    );
    const thread = h.sandbox.thread(channel, question.message_ts as string);
    expect(JSON.stringify(thread)).toContain(`<@${expert.id}> answered:`);
    expect(JSON.stringify(thread)).toContain('VACUUM (without FULL) &amp; pg_repack &lt;for&gt; big ones.');

    const prompt = await h.sandbox.waitFor(() =>
      h.sandbox.thread(channel, question.message_ts as string).find((m) => JSON.stringify(m).includes('mark_solved')),
    );
    await h.sandbox.clickButton({
      user: asker,
      label: 'That solved it',
      in: { channel, ts: (prompt as { ts: string }).ts },
    });
    const entry = await eventually(() => h.deps.db.selectFrom('knowledge_entry').selectAll().executeTakeFirst());
    expect(entry.title).toBe('How do I vacuum a huge #postgres table without locking it?');
    expect(entry.answer).toBe('Use VACUUM (without FULL) & pg_repack <for> big ones.');
    expect(entry.visibility).toBe('public');
    expect(entry.tags).toEqual(['postgres']);
    expect(entry.contributors).toEqual(expect.arrayContaining([asker.id, expert.id]));
    await h.sandbox.waitFor(() =>
      h.sandbox
        .thread(channel, question.message_ts as string)
        .find((m) => JSON.stringify(m).includes(`saved as *KB-${entry.id}*`)),
    );
    const earned = await h.deps.db
      .selectFrom('expertise')
      .selectAll()
      .where('user_id', '=', expert.id)
      .where('tag', '=', 'postgres')
      .executeTakeFirstOrThrow();
    expect(earned.answers).toBe(1);
    expect(earned.accepted).toBe(1);
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('suggests a matching entry to a similar question, and "That solved it" pings nobody', async () => {
    const asker = people.dan as { id: string };
    const dmsBefore = h.sandbox
      .callsTo('chat.postMessage')
      .filter((c) => String(c.args.channel).startsWith('D')).length;
    await h.sandbox.slashCommand({
      user: asker,
      channel,
      command: '/ask',
      text: 'vacuum a huge postgres table without locking',
    });
    const suggestion = await h.sandbox.waitFor(() =>
      h.sandbox
        .messagesIn(channel)
        .concat(h.sandbox.callsTo('chat.postMessage').map((c) => c.args as never))
        .find((m) => JSON.stringify(m).includes('suggestion_solved')),
    );
    const question = await eventually(() =>
      h.deps.db
        .selectFrom('question')
        .selectAll()
        .where('asker_id', '=', asker.id)
        .where('message_ts', 'is not', null)
        .executeTakeFirst(),
    );
    const posted = h.sandbox
      .thread(channel, question.message_ts as string)
      .find((m) => JSON.stringify(m).includes('suggestion_solved'));
    expect(suggestion).toBeTruthy();
    await h.sandbox.clickButton({
      user: asker,
      label: 'That solved it',
      in: { channel, ts: (posted as { ts: string }).ts },
    });
    const solved = await eventually(() =>
      h.deps.db
        .selectFrom('question')
        .selectAll()
        .where('id', '=', question.id)
        .where('status', '=', 'solved')
        .executeTakeFirst(),
    );
    expect(solved.resolved_by_entry_id).not.toBeNull();
    // The reuse is counted right after the question closes; wait for it rather than racing it.
    const entry = await eventually(() =>
      h.deps.db
        .selectFrom('knowledge_entry')
        .selectAll()
        .where('id', '=', solved.resolved_by_entry_id as number)
        .where('reuses', '=', 1)
        .executeTakeFirst(),
    );
    expect(entry.reuses).toBe(1);
    const dmsAfter = h.sandbox.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D')).length;
    expect(dmsAfter).toBe(dmsBefore);
    expect(await h.deps.db.selectFrom('routing').select('id').where('question_id', '=', question.id).execute()).toEqual(
      [],
    );
  });
});
