import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addTags } from '../../src/communities/community.repository.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { type CommunityFixture, seedCommunity } from '../helpers/community-fixture.js';
import { eventually } from '../helpers/eventually.js';

describe('/ask alone, /expertise and /experts through the stand-in', () => {
  let h: Harness;
  let f: CommunityFixture;

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    f = await seedCommunity(h, { names: ['asker', 'pat', 'sam'], tags: ['python'] });
    await addTags(h.deps.db, f.communityId, ['python', 'testing']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/ask alone opens the modal; a blank title is refused, a filled one is posted with picked and typed tags', async () => {
    await h.sandbox.slashCommand({ user: f.person('asker'), channel: f.channel, command: '/ask', text: '   ' });
    const modal = await h.sandbox.waitFor(() => h.sandbox.views.find((v) => v.spec.callback_id === 'ask_modal'));
    const refused = await h.sandbox.submitView({
      user: f.person('asker'),
      viewId: modal.id,
      values: { ask_title: { value: ' ' } },
    });
    expect(JSON.stringify(refused)).toContain('Please write your question here.');
    expect(await h.deps.db.selectFrom('question').select('id').execute()).toEqual([]);

    await h.sandbox.submitView({
      user: f.person('asker'),
      viewId: modal.id,
      values: {
        ask_title: { value: 'How do we pin Python dependencies?' },
        ask_details: { value: 'We use pip & <poetry> in CI' },
        ask_tags: { value: ['python'] },
        ask_new_tags: { value: 'Packaging, CI' },
      },
    });
    const question = await eventually(() =>
      h.deps.db.selectFrom('question').selectAll().where('message_ts', 'is not', null).executeTakeFirst(),
    );
    expect(question.title).toBe('How do we pin Python dependencies?');
    expect(question.details).toBe('We use pip & <poetry> in CI');
    expect(question.tags).toEqual(expect.arrayContaining(['python', 'packaging', 'ci']));
    const posted = h.sandbox.messagesIn(f.channel).find((m) => m.ts === question.message_ts);
    expect(JSON.stringify(posted)).toContain('We use pip &amp; &lt;poetry&gt; in CI');
  });

  it('/expertise saves declared tags, availability and opt-out; /experts lists who knows a tag', async () => {
    await h.sandbox.slashCommand({ user: f.person('sam'), channel: f.channel, command: '/expertise' });
    const modal = await h.sandbox.waitFor(() => h.sandbox.views.find((v) => v.spec.callback_id === 'expertise_modal'));
    await h.sandbox.submitView({
      user: f.person('sam'),
      viewId: modal.id,
      values: { xp_tags: { value: ['python'] }, xp_new_tags: { value: 'django, Celery' }, xp_cap: { value: '2' } },
    });
    const declared = await eventually(async () => {
      const rows = await h.deps.db
        .selectFrom('expertise')
        .select('tag')
        .where('user_id', '=', f.person('sam').id)
        .where('declared', '=', true)
        .execute();
      return rows.length === 3 ? rows.map((r) => r.tag).sort() : null;
    });
    expect(declared).toEqual(['celery', 'django', 'python']);
    const member = await h.deps.db
      .selectFrom('member')
      .selectAll()
      .where('user_id', '=', f.person('sam').id)
      .executeTakeFirstOrThrow();
    expect(member.weekly_cap).toBe(2);
    expect(member.routing_opt_out).toBe(false);

    await h.sandbox.slashCommand({ user: f.person('asker'), channel: f.channel, command: '/experts', text: '#Django' });
    const reply = await h.sandbox.waitFor(() =>
      h.sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('Who knows #django')),
    );
    expect(JSON.stringify(reply)).toContain(`<@${f.person('sam').id}>`);
    expect(JSON.stringify(reply)).not.toContain(`<@${f.person('pat').id}>`);
  });

  it('refuses an "away until" date in the past with a friendly field error', async () => {
    await h.sandbox.slashCommand({ user: f.person('pat'), channel: f.channel, command: '/expertise' });
    const modal = await h.sandbox.waitFor(() =>
      h.sandbox.views.find((v) => v.spec.callback_id === 'expertise_modal' && v.user === f.person('pat').id),
    );
    const answer = await h.sandbox.submitView({
      user: f.person('pat'),
      viewId: modal.id,
      values: { xp_snooze: { value: '2020-01-01' } },
    });
    expect(JSON.stringify(answer)).toContain('Pick a date in the future');
  });
});
