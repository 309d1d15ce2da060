import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { eventually } from '../helpers/eventually.js';

describe('"Save to knowledge base" through the Slack stand-in', () => {
  let h: Harness;
  let ann: { id: string };
  let ben: { id: string };
  let channel: { id: string };
  let secret: { id: string };

  async function saveThread(where: { id: string }, parentText: string, replies: [{ id: string }, string][]) {
    const parent = await h.sandbox.postMessage({ user: ann, channel: where, text: parentText });
    for (const [user, text] of replies)
      await h.sandbox.postMessage({ user, channel: where, text, threadTs: parent.ts });
    const before = h.sandbox.views.length;
    await h.sandbox.messageShortcut({ user: ann, channel: where, ts: parent.ts, callbackId: 'save_to_kb' });
    return h.sandbox.waitFor(() => h.sandbox.views.slice(before).find((v) => v.spec.callback_id === 'kb_save'));
  }

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    ann = h.sandbox.addUser({ name: 'ann' });
    ben = h.sandbox.addUser({ name: 'ben' });
    channel = h.sandbox.addChannel({ name: 'data-cop', members: [ann, ben, h.sandbox.botUserId] });
    secret = h.sandbox.addChannel({ name: 'secret-ops', isPrivate: true, members: [ann, ben, h.sandbox.botUserId] });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('prefills the modal from the thread and saves with contributors, permalink and public visibility', async () => {
    const modal = await saveThread(channel, 'How do we rotate Postgres backups?\nDisk fills up. #postgres', [
      [ben, 'Use pg_basebackup nightly and keep seven copies, pruned by cron.'],
      [ann, 'thanks!'],
    ]);
    const shown = JSON.stringify(modal.spec);
    expect(shown).toContain('"initial_value":"How do we rotate Postgres backups?"');
    expect(shown).toContain('Use pg_basebackup nightly');
    const answer = await h.sandbox.submitView({ user: ann, viewId: modal.id });
    expect(answer.status).toBe(200);
    const row = await eventually(() =>
      h.deps.db
        .selectFrom('knowledge_entry')
        .selectAll()
        .where('title', 'like', 'How do we rotate%')
        .executeTakeFirst(),
    );
    expect(row).toMatchObject({
      visibility: 'public',
      author_id: ann.id,
      answerer_id: ben.id,
      contributors: [ben.id, ann.id],
      tags: ['postgres'],
      source_channel_id: channel.id,
    });
    expect(row?.permalink).toMatch(/^https?:\/\//);
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('offers Link to existing for a near-duplicate, and Link posts the existing entry in the thread', async () => {
    const modal = await saveThread(channel, 'How to rotate postgres backups', [[ben, 'See the runbook.']]);
    const answer = await h.sandbox.submitView({ user: ann, viewId: modal.id });
    expect(answer.responseAction).toBe('update');
    const warned = h.sandbox.views.find((v) => v.id === modal.id);
    expect(JSON.stringify(warned?.spec)).toContain('This looks like an existing entry');
    await h.sandbox.clickButton({ user: ann, label: 'Link to existing', in: { viewId: modal.id } });
    await h.sandbox.waitFor(() =>
      JSON.stringify(h.sandbox.views.find((v) => v.id === modal.id)?.spec).includes('Linked'),
    );
    const parent = h.sandbox.messagesIn(channel).find((m) => m.text === 'How to rotate postgres backups');
    expect(JSON.stringify(h.sandbox.thread(channel, parent?.ts ?? ''))).toContain('Shared from the knowledge base');
    const count = await h.deps.db.selectFrom('knowledge_entry').select('id').execute();
    expect(count).toHaveLength(1);
    expect(h.sandbox.validationFailures).toEqual([]);
  });

  it('Save anyway stores a second entry; a private channel makes a private entry', async () => {
    const modal = await saveThread(channel, 'How to rotate postgres backups', [[ben, 'Weekly is enough for us.']]);
    await h.sandbox.submitView({ user: ann, viewId: modal.id });
    await h.sandbox.waitFor(() =>
      JSON.stringify(h.sandbox.views.find((v) => v.id === modal.id)?.spec).includes('Save anyway'),
    );
    await h.sandbox.submitView({ user: ann, viewId: modal.id });
    await eventually(async () => (await h.deps.db.selectFrom('knowledge_entry').select('id').execute()).length === 2);
    const privateModal = await saveThread(secret, 'Payroll exporter restart order', [
      [ben, 'Exporter first, then batch.'],
    ]);
    await h.sandbox.submitView({ user: ann, viewId: privateModal.id });
    const row = await eventually(() =>
      h.deps.db.selectFrom('knowledge_entry').selectAll().where('title', 'like', 'Payroll%').executeTakeFirst(),
    );
    expect(row?.visibility).toBe('private');
    expect(h.sandbox.validationFailures).toEqual([]);
  });
});
