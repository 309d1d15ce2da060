import type { Kysely } from 'kysely';
import { insertActivity } from '../../../src/activity/activity.repository.js';
import { ensureWorkspace, insertCommunity } from '../../../src/communities/community.repository.js';
import type { Database } from '../../../src/db/database.js';
import { addEarnedExpertise, setDeclaredTags } from '../../../src/expertise/expertise.repository.js';
import { upsertMember } from '../../../src/members/member.repository.js';
import { insertAnswer, markFirstResponse } from '../../../src/questions/answer.repository.js';
import { insertQuestion } from '../../../src/questions/question.repository.js';

export const HOUR = 3_600_000;
/** Training runs at NOW; the history ends just before it. */
export const NOW = new Date('2026-03-02T12:00:00Z');
export const TAGS = ['postgres', 'kafka', 'python'] as const;

const TITLES: Record<(typeof TAGS)[number], string[]> = {
  postgres: [
    'Vacuum takes hours on a large table',
    'Planner ignores my btree index',
    'Replication slot keeps growing',
    'Deadlock between two updates',
    'Query slow after upgrading the cluster',
  ],
  kafka: [
    'Consumer lag keeps growing on one partition',
    'Broker rejects messages larger than a megabyte',
    'Rebalance storms every few minutes',
    'Exactly-once producer throws fencing errors',
    'Topic retention does not delete old segments',
  ],
  python: [
    'Asyncio task never finishes',
    'Wheel build fails on the CI image',
    'Memory grows in a long-running worker',
    'Type checker complains about a protocol',
    'Pandas merge duplicates rows',
  ],
};

export interface HistoryFixture {
  teamId: string;
  communityId: number;
  channelId: string;
  /** guru answers every #postgres question; busy answers #kafka and half of #python; helper the other #python. */
  u: Record<'coordinator' | 'guru' | 'busy' | 'helper' | 'idle' | 'askerA' | 'askerB', string>;
}

/**
 * A community with `questions` answered questions, one every 8 hours up to NOW, seeded through the same repository
 * calls /ask and the answer listener make. Every member declares the same three tags, so the only thing that sets
 * the postgres expert apart is who actually answered what.
 */
export async function seedHistory(db: Kysely<Database>, tag: string, questions: number): Promise<HistoryFixture> {
  const teamId = `T${tag}`;
  const channelId = `C${tag}`;
  const id = (name: string) => `U${tag}${name}`;
  const u = {
    coordinator: id('coord'),
    guru: id('guru'),
    busy: id('busy'),
    helper: id('helper'),
    idle: id('idle'),
    askerA: id('askerA'),
    askerB: id('askerB'),
  };
  await ensureWorkspace(db, teamId);
  const community = await db
    .transaction()
    .execute((trx) =>
      insertCommunity(trx, { teamId, name: `CoP ${tag}`, channelId, isPrivate: false, coordinatorId: u.coordinator }),
    );
  const start = new Date(NOW.getTime() - (questions + 1) * 8 * HOUR);
  for (const userId of Object.values(u)) {
    await upsertMember(db, { teamId, userId, displayName: userId, tz: 'UTC', isBot: false, deactivated: false });
  }
  for (const userId of [u.guru, u.busy, u.helper, u.idle]) await setDeclaredTags(db, teamId, userId, [...TAGS], start);

  for (let i = 0; i < questions; i += 1) {
    const topic = TAGS[i % TAGS.length] ?? 'postgres';
    const askedAt = new Date(start.getTime() + (i + 1) * 8 * HOUR);
    const askerId = i % 2 === 0 ? u.askerA : u.askerB;
    const question = await insertQuestion(db, {
      teamId,
      communityId: community.id,
      channelId,
      askerId,
      title: TITLES[topic][Math.floor(i / TAGS.length) % TITLES[topic].length] ?? topic,
      details: `Details of question ${i}.`,
      tags: [topic],
      requestKey: `${tag}-q${i}`,
      askedAt,
    });
    if (!question) throw new Error('duplicate request key');
    await insertActivity(db, [
      {
        teamId,
        communityId: community.id,
        channelId,
        userId: askerId,
        kind: 'question_asked',
        occurredAt: askedAt,
        questionId: question.id,
        sourceKey: `question_asked:${question.id}`,
      },
    ]);
    const answerer =
      topic === 'postgres' ? u.guru : topic === 'kafka' ? u.busy : Math.floor(i / 3) % 2 ? u.busy : u.helper;
    const at = new Date(askedAt.getTime() + (topic === 'postgres' ? 0.3 : 0.6) * HOUR);
    const answer = await insertAnswer(db, {
      questionId: question.id,
      userId: answerer,
      channelId,
      messageTs: `${at.getTime() / 1000}.000100`,
      text: 'Here is how.',
      via: 'thread',
      at,
    });
    if (!answer) throw new Error('duplicate answer');
    await markFirstResponse(db, question.id, answerer, at);
    await addEarnedExpertise(db, teamId, answerer, [topic], false, at);
    await insertActivity(db, [
      {
        teamId,
        communityId: community.id,
        channelId,
        userId: answerer,
        kind: 'answer_posted',
        occurredAt: at,
        questionId: question.id,
        targetUserId: askerId,
        isReply: true,
        sourceKey: `answer_posted:${answer.id}`,
      },
    ]);
  }
  return { teamId, communityId: community.id, channelId, u };
}
