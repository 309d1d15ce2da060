import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, ExpertiseTable } from '../db/database.js';

export type ExpertiseRow = Selectable<ExpertiseTable>;

export async function expertiseOf(db: Kysely<Database>, teamId: string, userId: string): Promise<ExpertiseRow[]> {
  return db
    .selectFrom('expertise')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .orderBy('tag')
    .execute();
}

/** Sets exactly these declared tags (others are un-declared; earned numbers are kept). */
export async function setDeclaredTags(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  tags: string[],
  at: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('expertise')
      .set({ declared: false })
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .execute();
    if (tags.length === 0) return;
    await trx
      .insertInto('expertise')
      .values(
        tags.map((tag) => ({
          team_id: teamId,
          user_id: userId,
          tag,
          declared: true,
          declared_at: at,
          last_answer_at: null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['team_id', 'user_id', 'tag']).doUpdateSet({ declared: true, declared_at: at, updated_at: at }),
      )
      .execute();
  });
}

/** Who knows a tag: declared or earned, most answers first, without members who opted out of routing. */
export async function expertsFor(db: Kysely<Database>, teamId: string, tag: string, limit = 10) {
  return db
    .selectFrom('expertise')
    .innerJoin('member', (join) =>
      join.onRef('member.user_id', '=', 'expertise.user_id').onRef('member.team_id', '=', 'expertise.team_id'),
    )
    .select([
      'expertise.user_id',
      'expertise.declared',
      'expertise.answers',
      'expertise.accepted',
      'expertise.last_answer_at',
    ])
    .where('expertise.team_id', '=', teamId)
    .where('expertise.tag', '=', tag)
    .where('member.routing_opt_out', '=', false)
    .where('member.deactivated', '=', false)
    .where('member.is_bot', '=', false)
    .where((eb) =>
      eb.or([eb('expertise.declared', '=', true), eb('expertise.answers', '>', 0), eb('expertise.accepted', '>', 0)]),
    )
    .orderBy('expertise.accepted', 'desc')
    .orderBy('expertise.answers', 'desc')
    .limit(limit)
    .execute();
}

/** Adds to a member's earned expertise on each tag (answers, and accepted when it was the solving answer). */
export async function addEarnedExpertise(
  db: Kysely<Database> | Transaction<Database>,
  teamId: string,
  userId: string,
  tags: string[],
  accepted: boolean,
  at: Date,
): Promise<void> {
  if (tags.length === 0) return;
  await db
    .insertInto('expertise')
    .values(
      expertiseRows(teamId, userId, tags, {
        answers: accepted ? 0 : 1,
        accepted: accepted ? 1 : 0,
        last_answer_at: at,
      }),
    )
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id', 'tag']).doUpdateSet((eb) => ({
        answers: accepted ? eb.ref('expertise.answers') : sql`expertise.answers + 1`,
        accepted: accepted ? sql`expertise.accepted + 1` : eb.ref('expertise.accepted'),
        last_answer_at: at,
        updated_at: at,
      })),
    )
    .execute();
}

/** "Not my area": raises the member's penalty on each tag (capped at 1, which means never route these tags to them). */
export async function addTagPenalty(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  tags: string[],
  step: number,
): Promise<void> {
  if (tags.length === 0) return;
  await db
    .insertInto('expertise')
    .values(expertiseRows(teamId, userId, tags, { penalty: step }))
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id', 'tag']).doUpdateSet({ penalty: sql`least(1, expertise.penalty + ${step})` }),
    )
    .execute();
}

/** New expertise rows for one member's tags: nothing declared or answered unless `values` says so. */
function expertiseRows(
  teamId: string,
  userId: string,
  tags: string[],
  values: { answers?: number; accepted?: number; last_answer_at?: Date; penalty?: number },
) {
  return tags.map((tag) => ({
    team_id: teamId,
    user_id: userId,
    tag,
    declared_at: null,
    last_answer_at: null,
    ...values,
  }));
}
