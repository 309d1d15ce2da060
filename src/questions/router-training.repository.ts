import type { Kysely, Selectable } from 'kysely';
import type { Database, QuestionTable } from '../db/database.js';
import { FEATURE_NAMES } from '../routing/features.js';
import type { RankerModel } from '../routing/model.js';

type Db = Kysely<Database>;

/** The question fields the training replay needs. */
export type TrainingQuestion = Pick<
  Selectable<QuestionTable>,
  'id' | 'team_id' | 'asker_id' | 'title' | 'details' | 'tags' | 'asked_at'
>;

/** The community's last `limit` questions asked before `before`, oldest first (the replay's order). */
export async function recentQuestions(
  db: Db,
  communityId: number,
  before: Date,
  limit: number,
): Promise<TrainingQuestion[]> {
  const rows = await db
    .selectFrom('question')
    .select(['id', 'team_id', 'asker_id', 'title', 'details', 'tags', 'asked_at'])
    .where('community_id', '=', communityId)
    .where('asked_at', '<', before)
    .orderBy('asked_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** The live (not deleted) answers to these questions written before `before`: the training labels. */
export async function answersTo(
  db: Db,
  questionIds: readonly number[],
  before: Date,
): Promise<Array<{ question_id: number; user_id: string; created_at: Date }>> {
  if (questionIds.length === 0) return [];
  return db
    .selectFrom('answer')
    .select(['question_id', 'user_id', 'created_at'])
    .where('question_id', 'in', [...questionIds])
    .where('deleted_at', 'is', null)
    .where('created_at', '<', before)
    .execute();
}

/** Stores (or replaces) the community's model: one row per community, so a retried job just writes it again. */
export async function saveRouterModel(db: Db, communityId: number, model: RankerModel, at: Date): Promise<void> {
  // Serialised by hand: node-postgres would turn a top-level array into a PostgreSQL array, never an object; be explicit.
  const json = JSON.stringify(model);
  await db
    .insertInto('routing_model')
    .values({ community_id: communityId, model: json, trained_on: model.trainedOn, trained_at: at, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('community_id')
        .doUpdateSet({ model: json, trained_on: model.trainedOn, trained_at: at, updated_at: at }),
    )
    .execute();
}

/** Drops the community's model (too little history now): /ask falls back to the hand-set blend. */
export async function deleteRouterModel(db: Db, communityId: number): Promise<void> {
  await db.deleteFrom('routing_model').where('community_id', '=', communityId).execute();
}

/**
 * The community's stored model, or null when there is none or it no longer fits this code: a model trained on
 * another feature list (an older deployment) would weigh the wrong features, so the blend is safer until the next
 * nightly training replaces it.
 */
export async function loadRouterModel(db: Db, communityId: number): Promise<RankerModel | null> {
  const row = await db
    .selectFrom('routing_model')
    .select('model')
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return row ? usableModel(row.model) : null;
}

/** The stored JSON as a RankerModel if it has exactly today's features and well-formed numbers; otherwise null. */
export function usableModel(value: unknown): RankerModel | null {
  if (typeof value !== 'object' || value === null) return null;
  const model = value as Partial<RankerModel>;
  const d = FEATURE_NAMES.length;
  const names = model.featureNames;
  if (!Array.isArray(names) || names.length !== d || names.some((name, j) => name !== FEATURE_NAMES[j])) return null;
  const numbers = (xs: unknown): xs is number[] =>
    Array.isArray(xs) && xs.length === d && xs.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!numbers(model.mean) || !numbers(model.scale) || !numbers(model.weights)) return null;
  // A zero scale would divide by zero in modelLogits.
  if (model.scale.some((s) => s === 0)) return null;
  return model as RankerModel;
}
