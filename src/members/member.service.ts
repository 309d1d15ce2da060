import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import * as members from './member.repository.js';

/**
 * Makes sure we know a member (bot? deactivated? time zone?) by asking Slack once; known members are returned as
 * stored. The router relies on these flags to never route to bots or deactivated users.
 */
export async function ensureMember(
  deps: Pick<Deps, 'db'>,
  client: webApi.WebClient,
  teamId: string,
  userId: string,
): Promise<members.MemberRow> {
  const known = await members.findMember(deps.db, teamId, userId);
  if (known) return known;
  const info = await client.users.info({ user: userId });
  const user = info.user;
  await members.upsertMember(deps.db, {
    teamId,
    userId,
    displayName: user?.profile?.display_name || user?.real_name || user?.name || null,
    tz: user?.tz ?? null,
    isBot: Boolean(user?.is_bot),
    deactivated: Boolean(user?.deleted),
  });
  return (await members.findMember(deps.db, teamId, userId)) as members.MemberRow;
}
