import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import type { Database } from '../../../src/db/database.js';
import { type JobQueue, openJobQueue } from '../../../src/jobs/queues.js';
import type { AskInput } from '../../../src/questions/question.service.js';
import { acceptQuestions, QuestionIntake } from '../../../src/questions/question-intake.js';
import { seedDbCommunity } from '../../helpers/db-community.js';
import { createSuiteDatabase, TEST_REDIS_URL, uniqueName } from '../../helpers/test-env.js';

const TEAM = 'T1';
const NOW = new Date('2026-11-29T12:00:00Z');

/**
 * The app's /ask intake on real PostgreSQL and a real Redis queue: a burst is written in one statement and queued
 * in one call, each asker still gets their own outcome, and a failed queue call leaves nothing behind.
 */
describe('QuestionIntake', () => {
  let db: Kysely<Database>;
  let queue: JobQueue;
  // A second handle on the same queue, only to look jobs up (the app's JobQueue exposes no look-ups).
  const queueName = uniqueName('intake');
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const observer = new Queue(queueName, { connection });
  const inserts: string[] = [];

  beforeAll(async () => {
    const url = await createSuiteDatabase('intake');
    // The statements are only observed (Kysely's log hook), to count how many INSERTs a burst takes.
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 4 }) }),
      log: (event) => {
        if (event.level === 'query' && /^\s*(\/\*[^*]*\*\/\s*)?insert into question/i.test(event.query.sql)) {
          inserts.push(event.query.sql);
        }
      },
    });
    await seedDbCommunity(db, { teamId: TEAM, channelId: 'COPS', members: ['UASK'] });
    const archived = await seedDbCommunity(db, { teamId: TEAM, channelId: 'COLD', members: [] });
    await db.updateTable('community').set({ archived_at: NOW }).where('id', '=', archived).execute();
    queue = openJobQueue({ kind: 'redis', url: TEST_REDIS_URL }, queueName, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await queue?.close();
    await observer.close();
    await connection.quit();
    await db?.destroy();
  });

  const ask = (key: string, channelId = 'COPS'): AskInput => ({
    teamId: TEAM,
    channelId,
    userId: 'UASK',
    title: `Question ${key}`,
    details: '',
    pickedTags: ['ops', 'ops'],
    requestKey: key,
  });
  const deps = () => ({ db, queue, now: () => NOW });

  it('writes a burst of questions in one statement, in order, each with its job', async () => {
    const before = inserts.length;
    const intake = new QuestionIntake(deps());
    const keys = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    const outcomes = await Promise.all(keys.map((key) => intake.accept(ask(key))));
    expect(inserts.length - before).toBe(1);
    const ids = outcomes.map((outcome) => (outcome.kind === 'accepted' ? outcome.questionId : null));
    expect(ids.every((id) => id !== null)).toBe(true);
    expect([...ids].sort((a, b) => (a as number) - (b as number))).toEqual(ids); // ids follow the order of arrival
    const stored = await db
      .selectFrom('question')
      .select(['id', 'title', 'tags'])
      .where('request_key', 'like', 'burst-%')
      .execute();
    expect(stored).toHaveLength(30);
    expect(stored.find((row) => row.id === ids[3])?.title).toBe('Question burst-3');
    expect(stored[0]?.tags).toEqual(['ops']);
    const jobs = await Promise.all(ids.map((id) => observer.getJob(`post-question-${id}`)));
    expect(jobs.map((job) => [job?.name, job?.data])).toEqual(ids.map((id) => ['post-question', { questionId: id }]));
    // Queued with the queue's defaults, like a single add: retried, and given up on (the asker told) at the end.
    expect(jobs[0]?.opts.attempts).toBe(5);
  });

  it('splits a burst larger than its batch into several statements, losing none', async () => {
    const before = inserts.length;
    const intake = new QuestionIntake(deps(), 4);
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => intake.accept(ask(`split-${i}`))));
    expect(inserts.length - before).toBe(3);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array(10).fill('accepted'));
  });

  it('tells each asker their own outcome: stored, a redelivery, or a channel that takes no questions', async () => {
    await acceptQuestions(deps(), [ask('stored-before')]);
    const outcomes = await acceptQuestions(deps(), [
      ask('fresh'),
      ask('twice'),
      ask('twice'),
      ask('stored-before'),
      ask('nowhere', 'CRANDOM'),
      ask('archived', 'COLD'),
    ]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'accepted',
      'accepted',
      'duplicate',
      'duplicate',
      'not-a-community',
      'not-a-community',
    ]);
    const keys = await db
      .selectFrom('question')
      .select('request_key')
      .where('request_key', 'in', ['fresh', 'twice', 'nowhere', 'archived'])
      .execute();
    expect(keys.map((row) => row.request_key).sort()).toEqual(['fresh', 'twice']);
  });

  it('removes the whole batch again when its jobs cannot be queued, and every asker hears of it', async () => {
    const closed = openJobQueue(
      { kind: 'redis', url: TEST_REDIS_URL },
      uniqueName('closed'),
      pino({ level: 'silent' }),
    );
    await closed.close();
    const intake = new QuestionIntake({ db, queue: closed, now: () => NOW });
    const results = await Promise.allSettled([intake.accept(ask('lost-1')), intake.accept(ask('lost-2'))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    const left = await db.selectFrom('question').select('id').where('request_key', 'like', 'lost-%').execute();
    expect(left).toEqual([]);
  });
});
