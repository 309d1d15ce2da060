import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { askAs, type CommunityFixture, routedTo, seedCommunity } from '../helpers/community-fixture.js';
import { eventually } from '../helpers/eventually.js';

/** Asks a question and waits until its routings are sent; returns the question and its routing rows. */
async function askAndRoute(h: Harness, f: CommunityFixture, asker: string, text: string, expected: number) {
  const question = await askAs(h, f, asker, text);
  return { question, routed: await routedTo(h, question.id, expected) };
}

/** Clicks the same button on the same card twice at once, as a double-click on a slow connection would. */
/** The expert clicks "Hand off to…" on their DM card; resolves with the modal that opens for them. */
async function openHandOff(
  h: Harness,
  routing: { user_id: string; dm_channel_id: string | null; dm_ts: string | null },
) {
  await h.sandbox.clickButton({
    user: routing.user_id,
    label: 'Hand off to…',
    in: { channel: routing.dm_channel_id as string, ts: routing.dm_ts as string },
  });
  return (await h.sandbox.waitFor(() =>
    h.sandbox.views.find(
      (v) => JSON.stringify(v).includes('expert_handoff_modal') && v.user === routing.user_id && v.open,
    ),
  )) as { id: string };
}

async function doubleClick(
  h: Harness,
  userId: string,
  label: string,
  card: { dm_channel_id: string | null; dm_ts: string | null },
) {
  const where = { channel: card.dm_channel_id as string, ts: card.dm_ts as string };
  return Promise.all([
    h.sandbox.clickButton({ user: userId, label, in: where }),
    h.sandbox.clickButton({ user: userId, label, in: where }),
  ]);
}

describe("the expert's DM buttons act once, even when clicked twice", () => {
  let h: Harness;
  let f: CommunityFixture;

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    f = await seedCommunity(h, { names: ['asker', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'], tags: ['kafka'] });
    await h.deps.db.updateTable('community').set({ experts_per_question: 1 }).where('id', '=', f.communityId).execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('Not my area: drops the expert, lowers their weight for the tags, routes to one next candidate', async () => {
    const { question, routed } = await askAndRoute(h, f, 'asker', 'Why does my #kafka consumer lag?', 1);
    const first = routed[0] as (typeof routed)[number];
    const answers = await doubleClick(h, first.user_id, 'Not my area', first);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    // The second routing exists and its DM card is out.
    const rows = await routedTo(h, question.id, 2);
    expect(rows[0]?.status).toBe('passed');
    expect(rows[1]?.user_id).not.toBe(first.user_id);
    const penalty = await h.deps.db
      .selectFrom('expertise')
      .select('penalty')
      .where('user_id', '=', first.user_id)
      .where('tag', '=', 'kafka')
      .executeTakeFirstOrThrow();
    expect(penalty.penalty).toBeCloseTo(0.34, 2);
    // The card lost its buttons, so nothing more can be clicked on it.
    const card = h.sandbox.messagesIn(first.dm_channel_id as string).find((m) => m.ts === first.dm_ts);
    expect(JSON.stringify(card)).not.toContain('expert_not_my_area');
    expect(JSON.stringify(card)).toContain('not your area');
    // Still exactly two routings after both clicks have been handled.
    await h.sandbox.settled();
    expect(
      await h.deps.db.selectFrom('routing').select('id').where('question_id', '=', question.id).execute(),
    ).toHaveLength(2);
  });

  it('Snooze a week: snoozes the expert once and passes the question on', async () => {
    const { question, routed } = await askAndRoute(h, f, 'asker', 'Is #kafka exactly-once real?', 1);
    const first = routed[0] as (typeof routed)[number];
    await doubleClick(h, first.user_id, 'Snooze a week', first);
    const member = await eventually(() =>
      h.deps.db
        .selectFrom('member')
        .selectAll()
        .where('user_id', '=', first.user_id)
        .where('snoozed_until', 'is not', null)
        .executeTakeFirst(),
    );
    const days = ((member.snoozed_until as Date).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    // The second routing exists and its DM card is out.
    const rows = await routedTo(h, question.id, 2);
    expect(rows.map((r) => r.status)).toEqual(['snoozed', 'pending']);
    // A snoozed member is not routed the next question.
    const next = await askAndRoute(h, f, 'asker', 'How many #kafka partitions should a topic have?', 1);
    expect(next.routed[0]?.user_id).not.toBe(first.user_id);
  });

  it('Hand off to…: routes to the picked person with the note, once', async () => {
    const { question, routed } = await askAndRoute(h, f, 'asker', 'Who owns the #kafka cluster upgrades?', 1);
    const first = routed[0] as (typeof routed)[number];
    const target = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']
      .map((n) => f.person(n).id)
      .find((id) => id !== first.user_id) as string;
    const modal = await openHandOff(h, first);
    const values = {
      expert_handoff_person: { value: { selected_user: target } },
      expert_handoff_note: { value: 'She ran the last <!here> upgrade' },
    };
    await h.sandbox.submitView({ user: first.user_id, viewId: modal.id, values: values as never });
    // The second routing exists and its DM card is out.
    const rows = await routedTo(h, question.id, 2);
    expect(rows[0]?.status).toBe('handed_off');
    expect(rows[1]?.user_id).toBe(target);
    expect(rows[1]?.handed_off_by).toBe(first.user_id);
    const card = h.sandbox.dmWith(target).find((m) => m.ts === rows[1]?.dm_ts);
    expect(JSON.stringify(card)).toContain('She ran the last &lt;!here&gt; upgrade');
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('Hand off to…: yourself or the asker keeps the modal open with the reason, and changes nothing', async () => {
    const { question, routed } = await askAndRoute(h, f, 'asker', 'Which #kafka consumer lag is too much?', 1);
    const first = routed[0] as (typeof routed)[number];
    const modal = await openHandOff(h, first);
    const pick = (selected_user: string) =>
      h.sandbox.submitView({
        user: first.user_id,
        viewId: modal.id,
        values: { expert_handoff_person: { value: { selected_user } }, expert_handoff_note: { value: '' } } as never,
      });
    const toSelf = await pick(first.user_id);
    expect(toSelf.responseAction).toBe('errors');
    expect(toSelf.errors).toEqual({ expert_handoff_person: "That's you: pick someone else who could answer." });
    const toAsker = await pick(f.person('asker').id);
    expect(toAsker.errors).toEqual({
      expert_handoff_person: 'They asked the question: pick someone who could answer it.',
    });
    expect(h.sandbox.views.find((v) => v.id === modal.id)?.open).toBe(true);
    const rows = await h.deps.db.selectFrom('routing').selectAll().where('question_id', '=', question.id).execute();
    expect(rows.map((r) => r.status)).toEqual(['pending']);
  });
});
