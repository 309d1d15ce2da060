import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CommunitySettings } from './settings.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A community's settings as the modal shows them (tags with synonyms first, then plain tags). */
export async function loadSettings(
  db: Db,
  communityId: number,
): Promise<(CommunitySettings & { teamId: string }) | undefined> {
  const c = await db.selectFrom('community').selectAll().where('id', '=', communityId).executeTakeFirst();
  if (!c) return undefined;
  const [channels, coordinators, tags, synonyms] = await Promise.all([
    db
      .selectFrom('community_channel')
      .select('channel_id')
      .where('community_id', '=', communityId)
      .orderBy('added_at')
      .execute(),
    db
      .selectFrom('community_coordinator')
      .select('user_id')
      .where('community_id', '=', communityId)
      .orderBy('added_at')
      .execute(),
    db.selectFrom('tag').select('name').where('community_id', '=', communityId).orderBy('name').execute(),
    db
      .selectFrom('tag_synonym')
      .select(['synonym', 'tag_name'])
      .where('community_id', '=', communityId)
      .orderBy('synonym')
      .execute(),
  ]);
  const byTag = new Map<string, string[]>(tags.map((t) => [t.name, []]));
  for (const s of synonyms) byTag.set(s.tag_name, [...(byTag.get(s.tag_name) ?? []), s.synonym]);
  const vocabulary = [...byTag.entries()]
    .map(([tag, syns]) => ({ tag, synonyms: syns }))
    .sort((a, b) => b.synonyms.length - a.synonyms.length || a.tag.localeCompare(b.tag));
  return {
    teamId: c.team_id,
    name: c.name,
    domainDescription: c.domain_description,
    channels: channels.map((r) => r.channel_id),
    coordinators: coordinators.map((r) => r.user_id),
    vocabulary,
    expertsPerQuestion: c.experts_per_question,
    answerTargetHours: Math.max(1, Math.round(c.answer_target_seconds / 3600)),
    freshnessDays: c.freshness_days,
    digestCron: c.digest_cron,
    digestTz: c.digest_tz,
    digestToCoordinators: c.digest_to_coordinators,
    digestChannelId: c.digest_channel_id,
    thresholds: (c.alert_thresholds ?? {}) as Record<string, number>,
    archived: c.archived_at !== null,
  };
}

/** Channels in `channelIds` that already belong to another community. */
export async function channelsOwnedElsewhere(db: Db, communityId: number, channelIds: string[]): Promise<string[]> {
  if (channelIds.length === 0) return [];
  const rows = await db
    .selectFrom('community_channel')
    .select('channel_id')
    .where('channel_id', 'in', channelIds)
    .where('community_id', '<>', communityId)
    .execute();
  return rows.map((r) => r.channel_id);
}

/**
 * Saves everything in one transaction: a half-saved settings form (new channels, old coordinators) never exists.
 * Synonyms are replaced; tags are only added, because learned tags that the form did not show must survive.
 */
export async function saveSettings(
  trx: Transaction<Database>,
  input: { communityId: number; teamId: string; settings: CommunitySettings; privateChannels: Set<string>; now: Date },
): Promise<void> {
  const { communityId: id, teamId, settings: s } = input;
  const current = await trx
    .selectFrom('community')
    .select('archived_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('community')
    .set({
      name: s.name,
      domain_description: s.domainDescription,
      experts_per_question: s.expertsPerQuestion,
      answer_target_seconds: s.answerTargetHours * 3600,
      freshness_days: s.freshnessDays,
      digest_cron: s.digestCron,
      digest_tz: s.digestTz,
      digest_to_coordinators: s.digestToCoordinators,
      digest_channel_id: s.digestChannelId,
      alert_thresholds: JSON.stringify(s.thresholds),
      archived_at: s.archived ? (current.archived_at ?? input.now) : null,
    })
    .where('id', '=', id)
    .execute();
  await trx
    .deleteFrom('community_channel')
    .where('community_id', '=', id)
    .where('channel_id', 'not in', s.channels)
    .execute();
  await trx
    .insertInto('community_channel')
    .values(
      s.channels.map((channel_id) => ({
        channel_id,
        community_id: id,
        team_id: teamId,
        is_private: input.privateChannels.has(channel_id),
      })),
    )
    .onConflict((oc) => oc.column('channel_id').doNothing())
    .execute();
  await trx
    .deleteFrom('community_coordinator')
    .where('community_id', '=', id)
    .where('user_id', 'not in', s.coordinators)
    .execute();
  await trx
    .insertInto('community_coordinator')
    .values(s.coordinators.map((user_id) => ({ community_id: id, user_id })))
    .onConflict((oc) => oc.columns(['community_id', 'user_id']).doNothing())
    .execute();
  const tags = s.vocabulary.map((v) => v.tag);
  if (tags.length) {
    await trx
      .insertInto('tag')
      .values(tags.map((name) => ({ community_id: id, name })))
      .onConflict((oc) => oc.columns(['community_id', 'name']).doNothing())
      .execute();
  }
  await trx.deleteFrom('tag_synonym').where('community_id', '=', id).execute();
  const pairs = s.vocabulary.flatMap((v) =>
    v.synonyms.map((synonym) => ({ community_id: id, synonym, tag_name: v.tag })),
  );
  if (pairs.length) {
    await trx
      .insertInto('tag_synonym')
      .values(pairs)
      .onConflict((oc) => oc.columns(['community_id', 'synonym']).doNothing())
      .execute();
  }
}
