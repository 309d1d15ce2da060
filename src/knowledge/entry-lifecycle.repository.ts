import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';

// The review lifecycle of an entry (asked → reviewed, edited or retired), kept apart from search and insertion.
type Db = Kysely<Database> | Transaction<Database>;

/** The expert confirmed the entry: it is fresh again and its misses start over. */
export async function markReviewed(db: Db, id: number, at: Date): Promise<void> {
  await db
    .updateTable('knowledge_entry')
    .set({ reviewed_at: at, misses: 0, review_requested_at: null, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Retires an entry: searches and suggestions skip it from now on. */
export async function retireEntry(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('knowledge_entry').set({ retired_at: at, updated_at: at }).where('id', '=', id).execute();
}

/** Records that the expert was asked to review, so one burst of misses sends one card. Returns false if already asked. */
export async function claimReviewRequest(db: Db, id: number, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('knowledge_entry')
    .set({ review_requested_at: at })
    .where('id', '=', id)
    .where('review_requested_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Saves an edit of the title and answer (the expert's or a coordinator's), which also counts as a review. */
export async function updateEntryText(
  db: Db,
  id: number,
  edit: { title: string; answer: string },
  at: Date,
): Promise<void> {
  await db
    .updateTable('knowledge_entry')
    .set({
      title: edit.title,
      answer: edit.answer,
      reviewed_at: at,
      misses: 0,
      review_requested_at: null,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}
