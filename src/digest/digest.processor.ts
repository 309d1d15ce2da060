import { findCommunityById, listCoordinators } from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import type { JobContext, Processor } from '../jobs/job-types.js';
import { buildDigestMessage } from './blocks.js';
import { renderTrendChart, trendChartAltText } from './chart.js';
import { type Destination, postOnce } from './digest.poster.js';
import { claimDigest, findDigest, markPosted, saveDigestMetrics, withDigestLock } from './digest.repository.js';
import { chartData, digestInput, type PreparedDigest, prepareDigest } from './digest.service.js';
import { toSnapshot } from './metrics/compute.js';
import { saveSnapshot } from './metrics/snapshot.repository.js';
import type { WeekMetrics } from './metrics/types.js';
import { digestPeriod } from './period.js';
import { type ChannelThrottle, createChannelThrottle } from './throttle.js';

export interface DigestProcessorOptions {
  throttle?: ChannelThrottle;
  docsUrl?: string;
  /** The Slack app id, for the App Home deep link in the footer. */
  appId?: string;
  /** Off in tests that do not care about the chart. Default on. */
  chart?: boolean;
}

/** What the stored digest row's metrics hold. */
interface StoredDigest {
  week?: WeekMetrics;
  chartFileId?: string | null;
  chartAltText?: string;
}

export type DigestOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'already-posted'; digestId: number }
  | { status: 'posted'; digestId: number; posted: number; recovered: number };

/**
 * The fire time of a scheduler job. BullMQ names each scheduled job `repeat:<schedulerId>:<fireMillis>`, while
 * job.timestamp is when the job was created (about one period earlier), so the id is the reliable source.
 */
export function fireTimeOf(ctx: JobContext, now: Date): Date {
  const match = /^repeat:.*:(\d{10,})$/.exec(ctx.jobId);
  if (match) return new Date(Number(match[1]));
  return ctx.timestamp > 0 ? new Date(ctx.timestamp) : now;
}

/**
 * The weekly-digest job: measure the week before the fire time (in the community's zone), claim the
 * (community, period) row, and post each copy exactly once — with retries, with several workers, and when a worker
 * dies between posting and recording (see digest.poster.ts).
 */
export function weeklyDigestProcessor(deps: Deps, options: DigestProcessorOptions = {}): Processor<'weekly-digest'> {
  const throttle = options.throttle ?? createChannelThrottle();
  return async ({ communityId }, ctx): Promise<DigestOutcome> => {
    const log = deps.logger.child({ module: 'digest', communityId, jobId: ctx.jobId });
    const community = await findCommunityById(deps.db, communityId);
    if (!community || community.archived_at)
      return { status: 'skipped', reason: community ? 'archived' : 'no such community' };
    const period = digestPeriod(fireTimeOf(ctx, deps.now()), community.digest_tz);
    const claimed = await claimDigest(deps.db, communityId, period);
    if (claimed.status === 'posted') return { status: 'already-posted', digestId: claimed.id };

    return withDigestLock(deps.db, claimed.id, async () => {
      const row = await findDigest(deps.db, claimed.id);
      if (row.status === 'posted') return { status: 'already-posted', digestId: row.id };
      const stored = row.metrics as StoredDigest;
      const prepared = await prepareDigest(deps, community, period, { storedMetrics: stored.week ?? null });
      if (!stored.week) {
        // Stored before anything is posted: a retry shows exactly the numbers the first copies showed.
        await saveSnapshot(deps.db, community.id, period, toSnapshot(prepared.metrics));
        stored.week = prepared.metrics;
        await saveDigestMetrics(deps.db, row.id, { ...stored });
      }
      if (stored.chartFileId === undefined && options.chart !== false) {
        Object.assign(stored, await uploadChart(deps, prepared, row.id));
        await saveDigestMetrics(deps.db, row.id, { ...stored });
      }
      const chart = stored.chartFileId
        ? { fileId: stored.chartFileId, altText: stored.chartAltText ?? 'Trend chart' }
        : null;
      const homeUrl = options.appId ? `slack://app?team=${community.team_id}&id=${options.appId}&tab=home` : null;

      let posted = 0;
      let recovered = 0;
      for (const destination of await destinationsOf(deps, community)) {
        const audience = destination.key.startsWith('dm:') ? 'coordinators' : 'channel';
        const message = buildDigestMessage(
          digestInput(prepared, audience, {
            chart,
            docsUrl: options.docsUrl,
            homeUrl,
            digestId: row.id,
            destination: destination.key,
          }),
        );
        const fresh = await findDigest(deps.db, row.id);
        const result = await postOnce(deps, fresh, destination, message, throttle);
        if (result.posted) posted += 1;
        else recovered += 1;
      }
      await markPosted(deps.db, row.id, deps.now());
      log.info(
        { digestId: row.id, period: period.startDate, posted, recovered, alerts: prepared.alerts.length },
        'digest posted',
      );
      return { status: 'posted', digestId: row.id, posted, recovered };
    });
  };
}

/** Coordinators' DMs (when enabled) and the digest channel (when set). A DM's channel comes from conversations.open. */
async function destinationsOf(
  deps: Deps,
  community: { id: number; digest_to_coordinators: boolean; digest_channel_id: string | null },
): Promise<Destination[]> {
  const out: Destination[] = [];
  if (community.digest_to_coordinators) {
    for (const userId of await listCoordinators(deps.db, community.id)) {
      const opened = await deps.slack.conversations.open({ users: userId });
      if (opened.channel?.id) out.push({ key: `dm:${userId}`, channel: opened.channel.id });
    }
  }
  if (community.digest_channel_id)
    out.push({ key: `channel:${community.digest_channel_id}`, channel: community.digest_channel_id });
  return out;
}

/** Renders and uploads the chart; a failure costs the picture, never the digest. */
async function uploadChart(deps: Deps, prepared: PreparedDigest, digestId: number): Promise<StoredDigest> {
  const data = chartData(prepared);
  try {
    const png = await renderTrendChart(data);
    const altText = trendChartAltText(data);
    const res = await deps.slack.filesUploadV2({
      file: png,
      filename: `praxis-digest-${digestId}.png`,
      title: data.title,
      alt_text: altText,
    });
    const fileId = res.files?.[0]?.files?.[0]?.id ?? null;
    return { chartFileId: fileId, chartAltText: altText };
  } catch (err) {
    deps.logger.warn({ err, digestId }, 'digest chart upload failed; posting without it');
    return { chartFileId: null };
  }
}
