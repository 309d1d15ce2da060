import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Claims a once-only step of a question (an escalation stage, "still need help"). The primary key makes the claim
 * atomic across job retries and workers: only one caller ever gets `true`.
 */
export async function claimStep(db: Db, questionId: number, stage: string): Promise<boolean> {
  const claimed = await db
    .insertInto('escalation_step')
    .values({ question_id: questionId, stage })
    .onConflict((oc) => oc.columns(['question_id', 'stage']).doNothing())
    .returning('stage')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Gives a claim back when its action failed, so the job's retry can do it after all. */
export async function releaseStep(db: Db, questionId: number, stage: string): Promise<void> {
  await db.deleteFrom('escalation_step').where('question_id', '=', questionId).where('stage', '=', stage).execute();
}
