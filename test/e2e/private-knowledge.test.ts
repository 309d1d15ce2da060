import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertEntry } from '../../src/knowledge/knowledge.repository.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { askAs, type CommunityFixture, seedCommunity } from '../helpers/community-fixture.js';
import { eventually } from '../helpers/eventually.js';

describe('knowledge from a private channel is never suggested where its source is not visible', () => {
  let h: Harness;
  let open: CommunityFixture;
  let secret: CommunityFixture;

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    open = await seedCommunity(h, { names: ['pub', 'helper'], tags: ['billing'], channelName: 'finance-cop' });
    secret = await seedCommunity(h, {
      names: ['insider'],
      tags: ['billing'],
      channelName: 'finance-leads',
      isPrivate: true,
    });
    await insertEntry(h.deps.db, {
      teamId: h.sandbox.teamId,
      communityId: secret.communityId,
      questionId: null,
      title: 'How do we refund a duplicated enterprise invoice?',
      question: 'A customer was invoiced twice for the enterprise plan.',
      answer: 'Void the second invoice in the billing console, then refund through the payments ledger.',
      otherReplies: '',
      tags: ['billing'],
      contributors: [secret.person('insider').id],
      authorId: secret.person('insider').id,
      answererId: secret.person('insider').id,
      sourceChannelId: secret.channel.id,
      sourceTs: null,
      permalink: null,
      visibility: 'private',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function askIn(f: CommunityFixture, asker: string, text: string) {
    const question = await askAs(h, f, asker, text);
    await h.sandbox.settled();
    return question;
  }

  it('is not suggested to a question in a public channel, which goes to the experts instead', async () => {
    const question = await askIn(open, 'pub', 'How do I refund a duplicated enterprise invoice? #billing');
    await eventually(() =>
      h.deps.db.selectFrom('routing').select('id').where('question_id', '=', question.id).executeTakeFirst(),
    );
    const thread = h.sandbox.thread(open.channel, question.message_ts as string);
    expect(JSON.stringify(thread)).not.toContain('suggestion_solved');
    expect(JSON.stringify(h.sandbox.calls)).not.toContain('payments ledger');
  });

  it('is suggested in its own private channel', async () => {
    const question = await askIn(secret, 'insider', 'Refund for a duplicated enterprise invoice?');
    const suggestion = await h.sandbox.waitFor(() =>
      h.sandbox
        .thread(secret.channel, question.message_ts as string)
        .find((m) => JSON.stringify(m).includes('suggestion_solved')),
    );
    expect(JSON.stringify(suggestion)).toContain('payments ledger');
  });
});
