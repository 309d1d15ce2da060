import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Kysely, sql } from 'kysely';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { insertQuestionsInChannels } from '../../../src/questions/question.repository.js';
import { seedDbCommunity } from '../../helpers/db-community.js';
import { createSuiteDatabase } from '../../helpers/test-env.js';

/**
 * Statements marked `/* prepared:NAME *\/` run as named prepared statements on the app's pool (src/db/client.ts), on
 * real PostgreSQL: the server keeps them per connection (pg_prepared_statements), they still return each call's own
 * results, and unmarked statements are left as they were. One connection, so every query sees the same session.
 */
describe('prepared statements on the app pool', () => {
  let db: Kysely<Database>;
  const prepared = async () =>
    (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements ORDER BY name`.execute(db)).rows.map(
      (row) => row.name,
    );

  beforeAll(async () => {
    db = createDatabase(await createSuiteDatabase('prepared'), 1);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('prepares a marked statement once and runs it with each call’s values', async () => {
    const sum = (a: number, b: number) =>
      sql<{ total: number }>`/* prepared:test-sum */ SELECT ${a}::int + ${b}::int AS total`.execute(db);
    expect((await sum(1, 2)).rows).toEqual([{ total: 3 }]);
    expect((await sum(40, 2)).rows).toEqual([{ total: 42 }]);
    expect(await prepared()).toContain('test-sum');
  });

  it('leaves unmarked statements, and a marker that is not at the start, unprepared', async () => {
    await sql`SELECT ${1}::int AS plain`.execute(db);
    await sql`SELECT ${1}::int AS late /* prepared:test-late */`.execute(db);
    expect(await prepared()).not.toContain('test-late');
    expect(await prepared()).toEqual(['test-sum']);
  });

  it('runs the /ask intake INSERT prepared, and it stores each question', async () => {
    await seedDbCommunity(db, { teamId: 'T1', channelId: 'CPREP', members: ['UASK'] });
    const question = (key: string) => ({
      teamId: 'T1',
      channelId: 'CPREP',
      askerId: 'UASK',
      title: `Question ${key}`,
      details: '',
      tags: [],
      requestKey: key,
      askedAt: new Date('2026-11-30T10:00:00Z'),
    });
    const first = await insertQuestionsInChannels(db, [question('p1')]);
    const second = await insertQuestionsInChannels(db, [question('p2'), question('p1')]);
    expect(first.map((row) => row.request_key)).toEqual(['p1']);
    expect(second.map((row) => row.request_key)).toEqual(['p2']);
    expect(await prepared()).toContain('insert-questions');
    const titles = await db.selectFrom('question').select('title').where('channel_id', '=', 'CPREP').execute();
    expect(titles.map((row) => row.title).sort()).toEqual(['Question p1', 'Question p2']);
  });
});
