import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { ensureWorkspace, insertCommunity } from '../../../src/communities/community.repository.js';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { setDeclaredTags } from '../../../src/expertise/expertise.repository.js';
import { touchLastActive, upsertMember } from '../../../src/members/member.repository.js';
import { insertAnswer } from '../../../src/questions/answer.repository.js';
import { insertQuestion } from '../../../src/questions/question.repository.js';
import { PostgresRoutingSource } from '../../../src/questions/routing-source.repository.js';
import { createSuiteDatabase } from '../../helpers/test-env.js';

const NOW = new Date();
const TEAM = 'TSHORT';

describe('the live routing pool is narrowed to members who can score', () => {
  let db: Kysely<Database>;
  let communityId: number;

  beforeAll(async () => {
    db = createDatabase(await createSuiteDatabase('shortlist'), 4);
    await ensureWorkspace(db, TEAM);
    const community = await db.transaction().execute((trx) =>
      insertCommunity(trx, {
        teamId: TEAM,
        name: 'ops',
        channelId: 'CSHORT',
        isPrivate: false,
        coordinatorId: 'UCOORD',
      }),
    );
    communityId = community.id;
    const member = (id: string) =>
      upsertMember(db, { teamId: TEAM, userId: id, displayName: id, tz: 'UTC', isBot: false, deactivated: false });
    // Tag experts, an answerer of a similar (untagged) question, and members who know other things and are idle.
    for (const id of ['UTAG1', 'UTAG2', 'UANSWERER', 'UASKER', ...Array.from({ length: 30 }, (_, i) => `UIDLE${i}`)])
      await member(id);
    for (const id of ['UTAG1', 'UTAG2']) await setDeclaredTags(db, TEAM, id, ['ingress'], NOW);
    for (let i = 0; i < 30; i++) await setDeclaredTags(db, TEAM, `UIDLE${i}`, ['excel'], NOW);
    const past = await insertQuestion(db, {
      teamId: TEAM,
      communityId,
      channelId: 'CSHORT',
      askerId: 'UASKER',
      title: 'Kubernetes ingress returns a gateway timeout',
      details: '',
      tags: [],
      requestKey: 'shortlist-past',
      askedAt: new Date(NOW.getTime() - 30 * 86_400_000),
    });
    await insertAnswer(db, {
      questionId: past?.id as number,
      userId: 'UANSWERER',
      channelId: 'CSHORT',
      messageTs: '1.000001',
      text: 'Raise the proxy read timeout',
      via: 'thread',
      at: new Date(NOW.getTime() - 29 * 86_400_000),
    });
    await touchLastActive(db, [{ teamId: TEAM, userId: 'UASKER', at: new Date(NOW.getTime() - 86_400_000) }]);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('keeps tag experts, answerers of similar questions and recent members, and leaves out idle non-experts', async () => {
    const source = new PostgresRoutingSource(db, { teamId: TEAM, communityId, channelMembers: null, live: true });
    const pool = await source.candidatesFor({
      askerId: 'UASKER',
      tags: ['ingress'],
      text: 'Why does our ingress time out with a gateway timeout?',
      askedAt: NOW,
    });
    const ids = pool.map((c) => c.memberId).sort();
    expect(ids).toEqual(['UANSWERER', 'UASKER', 'UTAG1', 'UTAG2']);
    // The full (training) pool is everyone with expertise or logged activity: the 2 tag experts and the 30 idle ones.
    const full = await new PostgresRoutingSource(db, { teamId: TEAM, communityId, channelMembers: null }).candidatesFor(
      {
        askerId: 'UASKER',
        tags: ['ingress'],
        text: 'x',
        askedAt: NOW,
      },
    );
    expect(full.length).toBe(32);
  });
});
