import { findCommunityByChannel, isCoordinator } from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import { buildDigestMessage, type DigestMessage } from './blocks.js';
import { digestInput, prepareDigest } from './digest.service.js';
import { digestPeriod } from './period.js';

/**
 * `/cop digest`: this week's digest, built now for the caller only (ephemeral; nothing is stored or posted).
 * Coordinators see the coordinator version; anyone else the channel version, without names of individuals.
 */
export async function previewDigest(
  deps: Pick<Deps, 'db' | 'slack' | 'logger' | 'now'>,
  input: { userId: string; channelId: string },
): Promise<{ kind: 'digest'; message: DigestMessage } | { kind: 'refused'; message: string }> {
  const community = await findCommunityByChannel(deps.db, input.channelId);
  if (!community)
    return {
      kind: 'refused',
      message: 'This channel is not a community channel yet. A coordinator can run `/cop setup` here.',
    };
  const audience = (await isCoordinator(deps.db, community.id, input.userId)) ? 'coordinators' : 'channel';
  const prepared = await prepareDigest(deps, community, digestPeriod(deps.now(), community.digest_tz));
  return { kind: 'digest', message: buildDigestMessage(digestInput(prepared, audience, { chart: null })) };
}
