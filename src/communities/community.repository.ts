import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CommunityTable, Database } from '../db/database.js';

export type CommunityRow = Selectable<CommunityTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The live (not archived) community a channel belongs to, with whether that channel is private. */
export async function findCommunityByChannel(
  db: Db,
  channelId: string,
): Promise<(CommunityRow & { channel_is_private: boolean }) | undefined> {
  return db
    .selectFrom('community_channel')
    .innerJoin('community', 'community.id', 'community_channel.community_id')
    .selectAll('community')
    .select('community_channel.is_private as channel_is_private')
    .where('community_channel.channel_id', '=', channelId)
    .where('community.archived_at', 'is', null)
    .executeTakeFirst();
}

/** Which of these channels belong to a community that is not archived. */
export async function activeCommunityChannels(db: Db, channelIds: readonly string[]): Promise<Set<string>> {
  if (channelIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('community_channel')
    .innerJoin('community', 'community.id', 'community_channel.community_id')
    .select('community_channel.channel_id')
    .where('community_channel.channel_id', 'in', [...new Set(channelIds)])
    .where('community.archived_at', 'is', null)
    .execute();
  return new Set(rows.map((row) => row.channel_id));
}

export async function findCommunityById(db: Db, id: number): Promise<CommunityRow | undefined> {
  return db.selectFrom('community').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function ensureWorkspace(db: Db, teamId: string): Promise<void> {
  await db
    .insertInto('workspace')
    .values({ team_id: teamId, name: null, bot_user_id: null })
    .onConflict((oc) => oc.column('team_id').doNothing())
    .execute();
}

/** Creates a community around one channel with its first coordinator. */
export async function insertCommunity(
  trx: Transaction<Database>,
  input: { teamId: string; name: string; channelId: string; isPrivate: boolean; coordinatorId: string },
): Promise<CommunityRow> {
  const community = await trx
    .insertInto('community')
    .values({ team_id: input.teamId, name: input.name, created_by: input.coordinatorId, alert_thresholds: '{}' })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('community_channel')
    .values({
      channel_id: input.channelId,
      community_id: community.id,
      team_id: input.teamId,
      is_private: input.isPrivate,
    })
    .execute();
  await trx
    .insertInto('community_coordinator')
    .values({ community_id: community.id, user_id: input.coordinatorId })
    .execute();
  return community;
}

export async function listCoordinators(db: Db, communityId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('community_coordinator')
    .select('user_id')
    .where('community_id', '=', communityId)
    .orderBy('added_at')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function isCoordinator(db: Db, communityId: number, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('community_coordinator')
    .select('user_id')
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listChannels(
  db: Db,
  communityId: number,
): Promise<Array<{ channel_id: string; is_private: boolean }>> {
  return db
    .selectFrom('community_channel')
    .select(['channel_id', 'is_private'])
    .where('community_id', '=', communityId)
    .execute();
}

/** The community's tag vocabulary: every tag, and every synonym mapped to its tag. */
export async function loadVocabulary(
  db: Db,
  communityId: number,
): Promise<{ tags: string[]; synonyms: Record<string, string> }> {
  const [tags, synonyms] = await Promise.all([
    db.selectFrom('tag').select('name').where('community_id', '=', communityId).execute(),
    db.selectFrom('tag_synonym').select(['synonym', 'tag_name']).where('community_id', '=', communityId).execute(),
  ]);
  return {
    tags: tags.map((t) => t.name),
    synonyms: Object.fromEntries(synonyms.map((s) => [s.synonym, s.tag_name])),
  };
}

/** Adds tags to the vocabulary (new ones a member typed become part of it). */
export async function addTags(db: Db, communityId: number, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await db
    .insertInto('tag')
    .values(names.map((name) => ({ community_id: communityId, name })))
    .onConflict((oc) => oc.columns(['community_id', 'name']).doNothing())
    .execute();
}

export async function addSynonyms(
  db: Db,
  communityId: number,
  pairs: Array<[synonym: string, tag: string]>,
): Promise<void> {
  if (pairs.length === 0) return;
  await addTags(db, communityId, [...new Set(pairs.map(([, tag]) => tag))]);
  await db
    .insertInto('tag_synonym')
    .values(pairs.map(([synonym, tag_name]) => ({ community_id: communityId, synonym, tag_name })))
    .onConflict((oc) =>
      oc.columns(['community_id', 'synonym']).doUpdateSet((eb) => ({ tag_name: eb.ref('excluded.tag_name') })),
    )
    .execute();
}
