import type { Deps } from '../deps.js';
import * as communities from './community.repository.js';

export type SetupResult =
  | { kind: 'created'; community: communities.CommunityRow }
  | { kind: 'exists'; community: communities.CommunityRow; coordinators: string[] };

/**
 * `/cop setup`: makes a channel a community channel with the caller as coordinator and default settings
 * (3 experts per question, a 24 h answer-time target). Running it again is harmless: it reports what exists.
 */
export async function setUpCommunity(
  deps: Pick<Deps, 'db'>,
  input: { teamId: string; channelId: string; channelName: string; isPrivate: boolean; userId: string },
): Promise<SetupResult> {
  const existing = await communities.findCommunityByChannel(deps.db, input.channelId);
  if (existing) {
    return {
      kind: 'exists',
      community: existing,
      coordinators: await communities.listCoordinators(deps.db, existing.id),
    };
  }
  await communities.ensureWorkspace(deps.db, input.teamId);
  try {
    const community = await deps.db.transaction().execute((trx) =>
      communities.insertCommunity(trx, {
        teamId: input.teamId,
        name: input.channelName,
        channelId: input.channelId,
        isPrivate: input.isPrivate,
        coordinatorId: input.userId,
      }),
    );
    return { kind: 'created', community };
  } catch (error) {
    // Two setups racing for the same channel: the loser reports the winner's community.
    const raced = await communities.findCommunityByChannel(deps.db, input.channelId);
    if (raced)
      return { kind: 'exists', community: raced, coordinators: await communities.listCoordinators(deps.db, raced.id) };
    throw error;
  }
}
