import type { Kysely } from 'kysely';
import { ensureWorkspace, insertCommunity } from '../../src/communities/community.repository.js';
import type { Database } from '../../src/db/database.js';
import { upsertMember } from '../../src/members/member.repository.js';
import { insertAnswer } from '../../src/questions/answer.repository.js';
import { insertQuestion } from '../../src/questions/question.repository.js';

/**
 * A workspace with one community on `channelId` and the given members, written through the repositories the app
 * uses — for suites that work on the data layer without a Slack app. Returns the community's id.
 */
export async function seedDbCommunity(
  db: Kysely<Database>,
  options: { teamId: string; channelId: string; members: readonly string[] },
): Promise<number> {
  const { teamId, channelId } = options;
  await ensureWorkspace(db, teamId);
  const community = await db
    .transaction()
    .execute((trx) =>
      insertCommunity(trx, { teamId, name: 'ops', channelId, isPrivate: false, coordinatorId: 'UCOORD' }),
    );
  for (const userId of options.members)
    await upsertMember(db, { teamId, userId, displayName: userId, tz: 'UTC', isBot: false, deactivated: false });
  return community.id;
}

/**
 * A question asked in the community by UASKER and answered in its thread by `answererId` (both now unless given),
 * through the app's repositories: the answerer's routing version changes when it commits. `key` must be unique in the
 * database (it names the request and the answer's message).
 */
export async function answeredQuestion(
  db: Kysely<Database>,
  options: {
    teamId: string;
    communityId: number;
    channelId: string;
    answererId: string;
    key: string;
    tags?: string[];
    at?: Date;
  },
): Promise<{ questionId: number; answerId: number }> {
  const at = options.at ?? new Date();
  const question = await insertQuestion(db, {
    teamId: options.teamId,
    communityId: options.communityId,
    channelId: options.channelId,
    askerId: 'UASKER',
    title: `Question ${options.key}`,
    details: '',
    tags: options.tags ?? ['dns'],
    requestKey: options.key,
    askedAt: at,
  });
  const answer = await insertAnswer(db, {
    questionId: question?.id as number,
    userId: options.answererId,
    channelId: options.channelId,
    messageTs: `${options.key}.000001`,
    text: 'an answer',
    via: 'thread',
    at,
  });
  return { questionId: question?.id as number, answerId: answer?.id as number };
}
