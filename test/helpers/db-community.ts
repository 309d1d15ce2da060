import type { Kysely } from 'kysely';
import { ensureWorkspace, insertCommunity } from '../../src/communities/community.repository.js';
import type { Database } from '../../src/db/database.js';
import { upsertMember } from '../../src/members/member.repository.js';

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
