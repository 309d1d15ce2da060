import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertEntry, type NewKnowledgeEntry } from '../../src/knowledge/knowledge.repository.js';
import type { SandboxEphemeral } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { eventually } from '../helpers/eventually.js';
import { entryFixture, runKb } from '../helpers/knowledge.js';

describe('/kb through the Slack stand-in: search, View, Share, paging, privacy, feedback and retirement', () => {
  let h: Harness;
  const people: Record<string, { id: string }> = {};
  let channel: { id: string };
  let secret: { id: string };
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
    secret = h.sandbox.addChannel({
      name: 'incident-room',
      isPrivate: true,
      members: [alice as { id: string }, h.sandbox.botUserId],
    });
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
    for (let i = 1; i <= 7; i++) {
      await insertEntry(
        h.deps.db,
        entry({ title: `Kafka consumer lag note ${i}`, answer: `Kafka lag fix number ${i}.` }),
      );
    }
    await insertEntry(
      h.deps.db,
      entry({
        title: 'Payroll outage runbook',
        answer: 'Restart the payroll exporter before the payroll batch.',
        sourceChannelId: secret.id,
        visibility: 'private',
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('finds an entry with matched words in bold, escaped, and opens it with View', async () => {
    const alice = people.alice as { id: string };
    const results = await kb(alice, 'rotate backups');
    const shown = JSON.stringify(results.blocks);
    expect(shown).toContain('Rotate the &lt;!channel&gt; Postgres backups');
    expect(shown).not.toContain('<!channel>');
    expect(shown).toMatch(/\*rotate\*/i);
    expect(shown).toContain('Tags: postgres, backups');
    await h.sandbox.clickButton({ user: alice, label: 'View', in: { channel, ts: results.ts } });
    const modal = await h.sandbox.waitFor(() =>
      h.sandbox.views.find((v) => JSON.stringify(v.spec).includes('pg_basebackup')),
    );
    expect(modal.user).toBe(alice.id);
    await eventually(async () => {
      const row = await h.deps.db
        .selectFrom('knowledge_entry')
        .select('views')
        .where('title', 'like', 'Rotate%')
        .executeTakeFirst();
      return row?.views === 1;
    });
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('shares a compact card in the channel attributed to the sharer', async () => {
    const bob = people.bob as { id: string };
    const results = await kb(bob, 'backups');
    await h.sandbox.clickButton({ user: bob, label: 'Share in channel', in: { channel, ts: results.ts } });
    const card = await h.sandbox.waitFor(() =>
      h.sandbox.messagesIn(channel).find((m) => JSON.stringify(m).includes('Shared from the knowledge base by')),
    );
    expect(JSON.stringify(card)).toContain(`<@${bob.id}>`);
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('pages with Next and Previous, replacing the results in place', async () => {
    const alice = people.alice as { id: string };
    const results = await kb(alice, 'kafka lag');
    expect(JSON.stringify(results.blocks).match(/Kafka consumer lag note/g)).toHaveLength(5);
    await h.sandbox.clickButton({ user: alice, label: 'Next', in: { channel, ts: results.ts } });
    await h.sandbox.waitFor(() => JSON.stringify(results.blocks).includes('page 2'));
    expect(JSON.stringify(results.blocks).match(/Kafka consumer lag note/g)).toHaveLength(2);
    await h.sandbox.clickButton({ user: alice, label: 'Previous', in: { channel, ts: results.ts } });
    await h.sandbox.waitFor(() => JSON.stringify(results.blocks).includes('page 1'));
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('keeps a private-channel entry from non-members, in search and via Share; a member finds it', async () => {
    const bob = people.bob as { id: string };
    const alice = people.alice as { id: string };
    const none = await kb(bob, 'payroll outage');
    expect(none.text).toContain('Nothing in the knowledge base matches');
    expect(none.text).toContain('/ask payroll outage');
    const listing = await kb(bob, '');
    expect(JSON.stringify(listing.blocks)).not.toContain('Payroll');
    const found = await kb(alice, 'payroll outage', secret);
    expect(JSON.stringify(found.blocks)).toContain('Payroll outage runbook');
    // Alice, a member, tries to share it into the public channel: refused, nothing posted.
    const inPublic = await kb(alice, 'payroll outage');
    await h.sandbox.clickButton({ user: alice, label: 'Share in channel', in: { channel, ts: inPublic.ts } });
    await h.sandbox.waitFor(() => h.sandbox.ephemerals.find((e) => e.text.includes('only be shared back there')));
    expect(h.sandbox.messagesIn(channel).some((m) => JSON.stringify(m).includes('Payroll'))).toBe(false);
    const row = await h.deps.db
      .selectFrom('knowledge_entry')
      .select(['views', 'reuses'])
      .where('title', 'like', 'Payroll%')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ views: 0, reuses: 0 });
    expect(h.sandbox.validationFailures).toEqual([]);
  });
});
