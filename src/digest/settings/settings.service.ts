import type { webApi } from '@slack/bolt';
import { findCommunityByChannel, findCommunityById, isCoordinator } from '../../communities/community.repository.js';
import { communityCacheFor } from '../../communities/community-cache.js';
import { syncCommunitySchedules } from '../../communities/community-schedules.js';
import type { Deps } from '../../deps.js';
import { settingsModal } from './settings.blocks.js';
import { parseSettingsSubmission, thresholdsText, type ViewValues } from './settings.parse.js';
import { channelsOwnedElsewhere, loadSettings, saveSettings } from './settings.repository.js';

type Client = webApi.WebClient;

/** A friendly refusal: the reason a non-coordinator (or a channel with no community) gets instead of the modal. */
export type SettingsOutcome = { kind: 'opened' } | { kind: 'refused'; message: string };

export const NOT_A_COMMUNITY =
  'This channel is not a community channel yet. A coordinator can run `/cop setup` here first.';
export const NOT_A_COORDINATOR =
  'Only the community’s coordinators can change its settings. If you would like to help run it, ask one of them to add you.';

/**
 * `/cop` (or `/cop settings`) in a community channel: opens the settings modal for a coordinator. A community still
 * on the default UTC schedule is shown in the coordinator's own time zone (from users.info).
 */
export async function openSettings(
  deps: Pick<Deps, 'db'>,
  client: Client,
  input: { userId: string; channelId: string; triggerId: string },
): Promise<SettingsOutcome> {
  const community = await findCommunityByChannel(deps.db, input.channelId);
  if (!community) return { kind: 'refused', message: NOT_A_COMMUNITY };
  return openSettingsFor(deps, client, { ...input, communityId: community.id });
}

/** Opens the settings modal of a community by id (the App Home's "Settings" button). */
export async function openSettingsFor(
  deps: Pick<Deps, 'db'>,
  client: Client,
  input: { userId: string; communityId: number; triggerId: string },
): Promise<SettingsOutcome> {
  const community = await findCommunityById(deps.db, input.communityId);
  if (!community) return { kind: 'refused', message: NOT_A_COMMUNITY };
  if (!(await isCoordinator(deps.db, community.id, input.userId)))
    return { kind: 'refused', message: NOT_A_COORDINATOR };
  const settings = await loadSettings(deps.db, community.id);
  if (!settings) return { kind: 'refused', message: NOT_A_COMMUNITY };
  if (settings.digestTz === 'UTC') {
    const info = await client.users.info({ user: input.userId }).catch(() => null);
    const tz = (info?.user as { tz?: string } | undefined)?.tz;
    if (tz) settings.digestTz = tz;
  }
  await client.views.open({
    trigger_id: input.triggerId,
    view: settingsModal(community.id, settings, thresholdsText(settings.thresholds)),
  });
  return { kind: 'opened' };
}

/** What the view_submission listener acks with: field errors, or nothing (the modal closes). */
export type SubmissionAck = { response_action: 'errors'; errors: Record<string, string> } | undefined;

/**
 * Validates and saves a settings submission, then re-syncs the digest schedule (upserted, or removed when archived).
 * A submitter who is not (or no longer) a coordinator changes nothing.
 */
export async function submitSettings(
  deps: Pick<Deps, 'db' | 'queue' | 'logger' | 'now'>,
  client: Client,
  input: { userId: string; privateMetadata: string; values: ViewValues },
): Promise<SubmissionAck> {
  const communityId = Number(input.privateMetadata);
  const community = Number.isInteger(communityId) ? await findCommunityById(deps.db, communityId) : undefined;
  if (!community || !(await isCoordinator(deps.db, community.id, input.userId))) {
    return { response_action: 'errors', errors: { name: NOT_A_COORDINATOR } };
  }
  const parsed = parseSettingsSubmission(input.values);
  if (!parsed.ok) return { response_action: 'errors', errors: parsed.errors };
  const settings = parsed.settings;
  const taken = await channelsOwnedElsewhere(deps.db, community.id, settings.channels);
  if (taken.length) {
    return {
      response_action: 'errors',
      errors: { channels: `${taken.map((c) => `<#${c}>`).join(', ')} already belong to another community.` },
    };
  }
  const privateChannels = new Set<string>();
  for (const channel of settings.channels) {
    const info = await client.conversations.info({ channel }).catch(() => null);
    if (info?.channel?.is_private) privateChannels.add(channel);
  }
  await deps.db.transaction().execute((trx) =>
    saveSettings(trx, {
      communityId: community.id,
      teamId: community.team_id,
      settings,
      privateChannels,
      now: deps.now(),
    }),
  );
  const saved = await findCommunityById(deps.db, community.id);
  if (saved) {
    await syncCommunitySchedules(deps, saved);
    // Channels may have been added, removed or archived: the event path must see it now, not after its TTL.
    communityCacheFor(deps).forget();
  }
  deps.logger.info(
    { communityId: community.id, userId: input.userId, archived: settings.archived },
    'community settings saved',
  );
  return undefined;
}
