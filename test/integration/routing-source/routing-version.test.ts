import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { insertAnswer } from '../../../src/questions/answer.repository.js';
import { insertQuestion } from '../../../src/questions/question.repository.js';
import { insertRouting } from '../../../src/questions/routing.repository.js';
import { seedDbCommunity } from '../../helpers/db-community.js';
import { createSuiteDatabase } from '../../helpers/test-env.js';

const TEAM = 'TVERSION';
const CHANNEL = 'CVERSION';

/**
 * member_routing_version (migration 2026_11_29_16_00_00) under concurrent writers: a version changes when a write
 * commits — never before, never for a rolled-back one — and writers that lock the same rows in different orders wait
 * for each other instead of deadlocking.
 */
describe('member_routing_version with concurrent writers', () => {
  let url: string;
  let db: Kysely<Database>;
  let communityId: number;
  let n = 0;
  const clients: pg.Client[] = [];

  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  };
  const versionOf = async (userId: string) =>
    Number(
      (await db.selectFrom('member_routing_version').select('version').where('user_id', '=', userId).executeTakeFirst())
        ?.version ?? 0,
    );
  /** An open question routed to `routed` and answered by `answerer`; returns its id and the routings' ids. */
  const routedQuestion = async (routed: string[], answerer: string) => {
    n += 1;
    const question = await insertQuestion(db, {
      teamId: TEAM,
      communityId,
      channelId: CHANNEL,
      askerId: 'UASKER',
      title: `Question ${n}`,
      details: '',
      tags: ['ops'],
      requestKey: `version-${n}`,
      askedAt: new Date(),
    });
    const id = question?.id as number;
    for (const userId of routed)
      await insertRouting(db, {
        questionId: id,
        teamId: TEAM,
        userId,
        stage: 'initial',
        score: 1,
        reason: 't',
        at: new Date(),
      });
    const answer = await insertAnswer(db, {
      questionId: id,
      userId: answerer,
      channelId: CHANNEL,
      messageTs: `${n}.000001`,
      text: 'an answer',
      via: 'thread',
      at: new Date(),
    });
    return { id, answerId: answer?.id as number };
  };

  beforeAll(async () => {
    url = await createSuiteDatabase('routing_version');
    db = createDatabase(url, 4);
    communityId = await seedDbCommunity(db, {
      teamId: TEAM,
      channelId: CHANNEL,
      members: ['UA', 'UB', 'UE', 'UASKER'],
    });
  });
  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    await db?.destroy();
  });

  it('changes a version when the write commits, not before, and not for a rolled-back write', async () => {
    const before = await versionOf('UA');
    const writer = await connect();
    await writer.query('begin');
    await writer.query(`insert into expertise (team_id, user_id, tag, declared) values ($1, 'UA', 'dns', true)`, [
      TEAM,
    ]);
    expect(await versionOf('UA')).toBe(before);
    await writer.query('rollback');
    expect(await versionOf('UA')).toBe(before);
    await writer.query('begin');
    await writer.query(`insert into expertise (team_id, user_id, tag, declared) values ($1, 'UA', 'dns', true)`, [
      TEAM,
    ]);
    await writer.query('commit');
    expect(await versionOf('UA')).not.toBe(before);
    const left = await sql<{ n: number }>`select count(*)::int as n from member_routing_pending`.execute(db);
    expect(left.rows[0]?.n).toBe(0); // each transaction's notes go with its commit or rollback
  });

  it('lets a solve and a routed expert passing on the same question both finish (no deadlock)', async () => {
    const { id, answerId } = await routedQuestion(['UA', 'UB'], 'UB');
    const [versionA, versionB] = [await versionOf('UA'), await versionOf('UB')];
    // The solve's transaction (markSolved): close the question first, settle its routings later.
    const solve = await connect();
    const pass = await connect();
    await solve.query('begin');
    await solve.query(
      `update question set status = 'solved', accepted_answer_id = $2, solved_at = now() where id = $1`,
      [id, answerId],
    );
    // Meanwhile UA passes on the question (autocommit): it must not wait for the open solve.
    await pass.query(`update routing set status = 'passed' where question_id = $1 and user_id = 'UA'`, [id]);
    expect(await versionOf('UA')).not.toBe(versionA);
    await solve.query(`update routing set status = 'closed' where question_id = $1 and status = 'pending'`, [id]);
    await solve.query(
      `insert into expertise (team_id, user_id, tag, accepted) values ($1, 'UB', 'ops', 1)
       on conflict (team_id, user_id, tag) do update set accepted = expertise.accepted + 1`,
      [TEAM],
    );
    await solve.query('commit');
    expect(await versionOf('UB')).not.toBe(versionB);
  });

  it('lets two solves that lock the same experts in opposite orders both finish', async () => {
    const first = await routedQuestion(['UA', 'UB'], 'UA');
    const second = await routedQuestion(['UB', 'UA'], 'UB');
    const one = await connect();
    const two = await connect();
    await one.query('begin');
    await two.query('begin');
    await one.query(`update routing set status = 'closed' where question_id = $1 and user_id = 'UA'`, [first.id]);
    await two.query(`update routing set status = 'closed' where question_id = $1 and user_id = 'UB'`, [second.id]);
    await one.query(`update routing set status = 'closed' where question_id = $1 and user_id = 'UB'`, [first.id]);
    await two.query(`update routing set status = 'closed' where question_id = $1 and user_id = 'UA'`, [second.id]);
    // Both commit: their version rows are taken at commit, in user-id order.
    await Promise.all([one.query('commit'), two.query('commit')]);
    const statuses = await db
      .selectFrom('routing')
      .select('status')
      .where('question_id', 'in', [first.id, second.id])
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(['closed', 'closed', 'closed', 'closed']);
  });

  it("bumps the users of a routing inserted while a question's status change was open, at that change's commit", async () => {
    const { id } = await routedQuestion(['UA'], 'UA');
    const change = await connect();
    await change.query('begin');
    await change.query(`update question set status = 'closed' where id = $1`, [id]);
    // A routing to UE lands on the question before the status change commits (it does not wait for it).
    await insertRouting(db, {
      questionId: id,
      teamId: TEAM,
      userId: 'UE',
      stage: 'rerouted',
      score: 1,
      reason: 't',
      at: new Date(),
    });
    const afterRouting = await versionOf('UE');
    // A profile read now would count UE's routing as open load (the question is still open to other readers):
    // the status change's commit must change UE's version, or that profile would outlive it.
    await change.query('commit');
    expect(await versionOf('UE')).not.toBe(afterRouting);
  });
});
