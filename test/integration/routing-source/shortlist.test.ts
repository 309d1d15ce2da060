import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Kysely, sql } from 'kysely';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { setDeclaredTags } from '../../../src/expertise/expertise.repository.js';
import { touchLastActive } from '../../../src/members/member.repository.js';
import { insertAnswer } from '../../../src/questions/answer.repository.js';
import { insertQuestion } from '../../../src/questions/question.repository.js';
import { ShortlistHints, shortlist } from '../../../src/questions/routing-shortlist.js';
import { PostgresRoutingSource } from '../../../src/questions/routing-source.repository.js';
import { seedDbCommunity } from '../../helpers/db-community.js';
import { createSuiteDatabase } from '../../helpers/test-env.js';

const NOW = new Date();
const TEAM = 'TSHORT';

describe('the live routing pool is narrowed to members who can score', () => {
  let db: Kysely<Database>;
  let communityId: number;

  beforeAll(async () => {
    db = createDatabase(await createSuiteDatabase('shortlist'), 4);
    // Tag experts, an answerer of a similar (untagged) question, and members who know other things and are idle.
    communityId = await seedDbCommunity(db, {
      teamId: TEAM,
      channelId: 'CSHORT',
      members: ['UTAG1', 'UTAG2', 'UANSWERER', 'UASKER', ...Array.from({ length: 30 }, (_, i) => `UIDLE${i}`)],
    });
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

describe('the similar-question source and the shortlist hints', () => {
  let db: Kysely<Database>;
  let communityId: number;
  const TEAM2 = 'TSIMILAR';
  const since = new Date(NOW.getTime() - 365 * 86_400_000);
  const pick = async (text: string, commonTitleWords: string[]) => {
    const subquery = shortlist(TEAM2, { askerId: 'UASKER', tags: [], text, askedAt: NOW }, since, {
      busiest: [],
      commonTitleWords,
    });
    const { rows } = await sql<{ user_id: string }>`select user_id from (${subquery}) s order by user_id`.execute(db);
    return rows.map((r) => r.user_id);
  };
  const answered = async (title: string, by: string, key: string) => {
    const past = await insertQuestion(db, {
      teamId: TEAM2,
      communityId,
      channelId: 'CSIMILAR',
      askerId: 'UASKER',
      title,
      details: '',
      tags: [],
      requestKey: key,
      askedAt: new Date(NOW.getTime() - 10 * 86_400_000),
    });
    await insertAnswer(db, {
      questionId: past?.id as number,
      userId: by,
      channelId: 'CSIMILAR',
      messageTs: `${key}.1`,
      text: 'answer',
      via: 'thread',
      at: new Date(NOW.getTime() - 9 * 86_400_000),
    });
  };
  const deployers = Array.from({ length: 30 }, (_, i) => `UDEP${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    db = createDatabase(await createSuiteDatabase('similar'), 4);
    communityId = await seedDbCommunity(db, { teamId: TEAM2, channelId: 'CSIMILAR', members: [] });
    for (const [i, id] of deployers.entries()) await answered(`Deploy fails with zebra${i}`, id, `dep-${i}`);
    await answered('Kubernetes ingress gateway timeout', 'UK8S', 'k8s');
    await sql`analyze question`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('finds similar titles by the informative words, and by all words when those match nothing', async () => {
    const common = ['deploy', 'fail'];
    expect(await pick('Deploy fails with zebra12 again', common)).toEqual(['UDEP12']);
    // A typo matches no title: every word finds them (the deploy questions), ranked, as before this source existed.
    expect(await pick('Deploy fails on kubrnetes', common)).toEqual(deployers);
    expect(await pick('Why does deploy fail?', common)).toEqual(deployers); // only common words
    expect(await pick('Ingress gateway timeout', common)).toEqual(['UK8S']);
    expect(await pick('why does it', common)).toEqual([]); // only stop words: no similar question
  });

  it('reads the busiest answerers and the common title words at most once per interval', async () => {
    let now = NOW.getTime();
    const hints = new ShortlistHints(() => now, 60_000);
    const first = await hints.for(db, TEAM2, since);
    expect(first.commonTitleWords).toEqual(expect.arrayContaining(['deploy', 'fail']));
    expect(first.commonTitleWords).not.toContain('zebra12');
    expect(first.busiest).not.toContain('UNEW');
    await answered('Deploy fails with yak', 'UNEW', 'new-1');
    await answered('Deploy fails with gnu', 'UNEW', 'new-2');
    now += 30_000;
    expect((await hints.for(db, TEAM2, since)).busiest).toEqual(first.busiest); // within the interval: kept
    now += 31_000;
    expect((await hints.for(db, TEAM2, since)).busiest[0]).toBe('UNEW'); // read again: the busiest now
  });
});
