import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { askAs, type CommunityFixture, routedTo, seedCommunity } from '../helpers/community-fixture.js';
import { eventually } from '../helpers/eventually.js';

describe('escalation when nobody answers within the target (1 s here)', () => {
  let h: Harness;
  let f: CommunityFixture;

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    f = await seedCommunity(h, { names: ['asker', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'helper'], tags: ['terraform'] });
    await h.deps.db
      .updateTable('community')
      .set({ experts_per_question: 2, answer_target_seconds: 1 })
      .where('id', '=', f.communityId)
      .execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs next-best experts → open call → coordinators, once each and in order', async () => {
    const question = await askAs(h, f, 'asker', 'How do we split #terraform state per team?');
    const steps = await eventually(
      async () => {
        const rows = await h.deps.db
          .selectFrom('escalation_step')
          .selectAll()
          .where('question_id', '=', question.id)
          .orderBy('done_at')
          .execute();
        return rows.length === 3 ? rows : null;
      },
      { timeoutMs: 15_000 },
    );
    expect(steps.map((s) => s.stage)).toEqual(['next-experts', 'open-call', 'coordinators']);

    const routings = await h.deps.db
      .selectFrom('routing')
      .selectAll()
      .where('question_id', '=', question.id)
      .orderBy('id')
      .execute();
    expect(routings.map((r) => r.stage)).toEqual(['initial', 'initial', 'next-experts', 'next-experts']);
    expect(new Set(routings.map((r) => r.user_id)).size).toBe(4);

    const thread = h.sandbox.thread(f.channel, question.message_ts as string);
    expect(thread.filter((m) => JSON.stringify(m).includes('Open call'))).toHaveLength(1);
    const coordinatorDms = () =>
      h.sandbox.dmWith(f.coordinator).filter((m) => JSON.stringify(m).includes('needs a hand'));
    await h.sandbox.waitFor(() => coordinatorDms().length === 1);
    // Nothing further is scheduled after the last stage: a second later there is still one of each.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(coordinatorDms()).toHaveLength(1);
    expect(
      h.sandbox.thread(f.channel, question.message_ts as string).filter((m) => JSON.stringify(m).includes('Open call')),
    ).toHaveLength(1);
  });

  it('does nothing more once the question has an answer', async () => {
    const text = 'Should #terraform modules pin provider versions?';
    const question = await askAs(h, f, 'asker', text);
    await routedTo(h, question.id, 2);
    await h.sandbox.postMessage({
      user: f.person('helper'),
      channel: f.channel,
      text: 'Yes, pin them.',
      threadTs: question.message_ts as string,
    });
    await eventually(() =>
      h.deps.db
        .selectFrom('question')
        .select('id')
        .where('id', '=', question.id)
        .where('first_response_at', 'is not', null)
        .executeTakeFirst(),
    );
    // Three targets' worth of time: every stage would have run by now if the answer had not stopped them.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const steps = await h.deps.db
      .selectFrom('escalation_step')
      .selectAll()
      .where('question_id', '=', question.id)
      .execute();
    expect(steps).toEqual([]);
    const routed = await h.deps.db
      .selectFrom('routing')
      .select(['stage', 'status'])
      .where('question_id', '=', question.id)
      .execute();
    expect(routed.every((r) => r.stage === 'initial')).toBe(true);
    expect(routed.every((r) => r.status !== 'pending')).toBe(true);
  });
});
