import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertEntry, type NewKnowledgeEntry } from '../../src/knowledge/knowledge.repository.js';
import type { SandboxEphemeral } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { eventually } from '../helpers/eventually.js';
import { entryFixture, runKb } from '../helpers/knowledge.js';

describe('knowledge feedback and freshness through the Slack stand-in: review card, Still right, Update, Retire', () => {
  let h: Harness;
  const people: Record<string, { id: string }> = {};
  let channel: { id: string };
  let communityId: number;

  const entry = (over: Partial<NewKnowledgeEntry>): NewKnowledgeEntry =>
    entryFixture(
      {
        teamId: h.sandbox.teamId,
        communityId,
        sourceChannelId: channel.id,
        authorId: people.cora?.id ?? '',
        answererId: people.eve?.id ?? null,
      },
      over,
    );

  /** Runs /kb and returns the ephemeral results the user got. */
  const kb = (user: { id: string }, text: string, where = channel): Promise<SandboxEphemeral> =>
    runKb(h, user, text, where);

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    for (const name of ['cora', 'alice', 'bob', 'eve']) people[name] = h.sandbox.addUser({ name });
    const { cora, alice, bob, eve } = people as Record<string, { id: string }>;
    channel = h.sandbox.addChannel({ name: 'data-cop', members: [cora, alice, bob, eve] as { id: string }[] });
    await h.sandbox.slashCommand({ user: cora as { id: string }, channel, command: '/cop', text: 'setup' });
    await h.sandbox.waitFor(() => h.sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('is now the')));
    communityId = (await h.deps.db.selectFrom('community').select('id').executeTakeFirstOrThrow()).id;
    await insertEntry(
      h.deps.db,
      entry({
        title: 'Rotate the <!channel> Postgres backups',
        answer: 'Use pg_basebackup nightly & keep seven copies; rotate backups with a cron job.',
        tags: ['postgres', 'backups'],
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });
  it("sends the entry to its expert after three Didn't help, refuses others, and Retire hides it for good", async () => {
    const { alice, bob, eve } = people as Record<string, { id: string }>;
    for (const user of [alice, bob, alice] as { id: string }[]) {
      const results = await kb(user, 'rotate backups');
      await h.sandbox.clickButton({ user, label: "Didn't help", in: { channel, ts: results.ts } });
    }
    const card = await h.sandbox.waitFor(() =>
      h.sandbox.dmWith(eve as { id: string }).find((m) => JSON.stringify(m).includes('Could you check')),
    );
    expect(JSON.stringify(card)).toContain("3 people said this entry didn't help");
    // Only one card for the burst.
    expect(
      h.sandbox.dmWith(eve as { id: string }).filter((m) => JSON.stringify(m).includes('Could you check')),
    ).toHaveLength(1);
    await h.sandbox.clickButton({
      user: eve as { id: string },
      label: 'Retire',
      in: { channel: card.channel, ts: card.ts },
    });
    await eventually(async () => {
      const row = await h.deps.db
        .selectFrom('knowledge_entry')
        .select('retired_at')
        .where('title', 'like', 'Rotate%')
        .executeTakeFirst();
      return row?.retired_at != null;
    });
    const after = await kb(alice as { id: string }, 'rotate backups');
    expect(after.text).toContain('Nothing in the knowledge base matches');
    expect(h.sandbox.validationFailures).toEqual([]);
  });
  it('lets the expert Update or confirm (Still right) an entry, and refuses anyone else', async () => {
    const { alice, bob, cora, eve } = people as Record<string, { id: string }>;
    await insertEntry(h.deps.db, entry({ title: 'Terraform state lock stuck', answer: 'Run force-unlock.' }));
    for (let i = 0; i < 3; i++) {
      const results = await kb(alice as { id: string }, 'terraform state lock');
      await h.sandbox.clickButton({
        user: alice as { id: string },
        label: "Didn't help",
        in: { channel, ts: results.ts },
      });
    }
    const card = await h.sandbox.waitFor(() =>
      h.sandbox.dmWith(eve as { id: string }).find((m) => JSON.stringify(m).includes('Terraform')),
    );
    const on = { channel: card.channel, ts: card.ts };
    // A payload from someone else (Bob is neither author, answerer nor coordinator) is refused, changing nothing.
    await h.sandbox.clickButton({ user: bob as { id: string }, label: 'Retire', in: on });
    await h.sandbox.waitFor(() =>
      h.sandbox.ephemerals.find((e) => e.user === bob?.id && e.text.includes('Only the entry')),
    );
    const open = h.sandbox.views.length;
    await h.sandbox.clickButton({ user: eve as { id: string }, label: 'Update', in: on });
    const modal = await h.sandbox.waitFor(() =>
      h.sandbox.views.slice(open).find((v) => v.spec.callback_id === 'kb_update'),
    );
    const answer = await h.sandbox.submitView({
      user: eve as { id: string },
      viewId: modal.id,
      values: {
        title: { value: 'Terraform state lock stuck (v2)' },
        answer: { value: 'Use terraform force-unlock <id>.' },
      },
    });
    expect(answer).toMatchObject({ status: 200 });
    expect(answer.errors).toBeUndefined();
    const row = await h.deps.db
      .selectFrom('knowledge_entry')
      .selectAll()
      .where('title', '=', 'Terraform state lock stuck (v2)')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      answer: 'Use terraform force-unlock <id>.',
      misses: 0,
      review_requested_at: null,
      retired_at: null,
    });
    // The coordinator may confirm it too.
    await h.sandbox.clickButton({ user: cora as { id: string }, label: 'Still right', in: on });
    await h.sandbox.waitFor(() =>
      JSON.stringify(h.sandbox.dmWith(eve as { id: string })).includes('marked as still right'),
    );
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('sends a stale entry back to its expert when it is viewed again, and counts Helpful with activity', async () => {
    const { bob, eve } = people as Record<string, { id: string }>;
    const { entry: old } = await insertEntry(
      h.deps.db,
      entry({ title: 'Grafana alert routing', answer: 'Use notification policies.' }),
    );
    // Older than the community's freshness period (default 180 days) and never reviewed.
    await h.deps.db
      .updateTable('knowledge_entry')
      .set({ created_at: new Date(Date.now() - 200 * 86_400_000) })
      .where('id', '=', old.id)
      .execute();
    const results = await kb(bob as { id: string }, 'grafana alert routing');
    await h.sandbox.clickButton({ user: bob as { id: string }, label: 'View', in: { channel, ts: results.ts } });
    const card = await h.sandbox.waitFor(() =>
      h.sandbox.dmWith(eve as { id: string }).find((m) => JSON.stringify(m).includes('Grafana alert routing')),
    );
    expect(JSON.stringify(card)).toContain('has not been reviewed for a while');
    await h.sandbox.clickButton({ user: bob as { id: string }, label: 'Helpful', in: { channel, ts: results.ts } });
    await eventually(async () => {
      const row = await h.deps.db
        .selectFrom('knowledge_entry')
        .select(['helpful', 'views'])
        .where('id', '=', old.id)
        .executeTakeFirst();
      return row?.helpful === 1 && row.views === 1;
    });
    // The activity row is written just after the counter: wait for both rather than racing the second.
    const kinds = await eventually(async () => {
      const rows = await h.deps.db.selectFrom('activity_event').select('kind').where('entry_id', '=', old.id).execute();
      return rows.length >= 2 ? rows : null;
    });
    expect(kinds.map((k) => k.kind).sort()).toEqual(['knowledge_reused', 'knowledge_viewed']);
    expect(h.sandbox.validationFailures).toEqual([]);
  });
});
