import type { types } from '@slack/bolt';
import { escapeAndTruncate, truncate } from '../slack/text.js';
import type { Alert } from './alerts.js';
import { alertBlocks, nextStepBlocks } from './blocks-alerts.js';
import {
  type Audience,
  energySection,
  knowledgeSection,
  membershipSection,
  responsivenessSection,
  shoutoutSection,
} from './blocks-sections.js';
import type { Snapshot, WeekMetrics } from './metrics/types.js';
import { type Period, periodLabel } from './period.js';
import { pctChange } from './trends.js';

/** The metadata event type carried by every digest message (how a retry finds a post it already made). */
export const DIGEST_EVENT_TYPE = 'praxis_digest';

/** Everything the digest message shows. The builder is pure: no I/O, the same input gives the same blocks. */
export interface DigestInput {
  communityId: number;
  communityName: string;
  period: Period;
  metrics: WeekMetrics;
  /** Prior weeks' snapshots, oldest first (up to 8). */
  history: Snapshot[];
  alerts: Alert[];
  audience: Audience;
  /** True during the first weeks: alerts are held back, and the context line says so. */
  baseline: boolean;
  stage: string | null;
  /** Question id → thread permalink, for "Open thread". */
  permalinks: Record<number, string>;
  chart: { fileId: string; altText: string } | null;
  /** Where "How these are computed" points. */
  docsUrl: string;
  /** The App Home deep link (slack://app?team=…&id=…&tab=home), when the app id is known. */
  homeUrl: string | null;
  /** Set when the message is posted, so a retry can recognise it (metadata event_payload). */
  digestId?: number;
  destination?: string;
}

/** A chat.postMessage payload (plus the metadata the poster attaches). */
export interface DigestMessage {
  text: string;
  blocks: types.KnownBlock[];
  metadata?: { event_type: string; event_payload: Record<string, string | number> };
}

/** The notification text: what a coordinator sees in the push and in clients without blocks. */
export function digestText(input: DigestInput): string {
  const p = input.metrics.participation;
  const change = pctChange(p.energy, p.energyPrev);
  const energy = `energy ${p.energy}${change === null ? '' : ` (${change >= 0 ? '+' : ''}${Math.round(change * 100)}%)`}`;
  const alerts =
    input.audience === 'coordinators' && input.alerts.length ? `, ${input.alerts.length} need attention` : '';
  return truncate(
    `🌱 ${input.communityName} weekly pulse · ${periodLabel(input.period)}: ${p.engagedMembers} engaged members, ${energy}${alerts}`,
    3900,
  );
}

/**
 * The weekly digest of cop-health-metrics.md §3: header, context, needs attention (coordinators), energy &
 * participation, the trend chart, responsiveness, membership, knowledge, shout-outs, next steps (coordinators),
 * footer. About 20 blocks, always within Slack's 50.
 */
export function buildDigestMessage(input: DigestInput): DigestMessage {
  const name = escapeAndTruncate(input.communityName, 80);
  const coordinators = input.audience === 'coordinators';
  const contextBits = [
    `${input.period.startDate} → ${input.period.endDate} (${input.period.tz})`,
    'compared with the previous week',
    'bots excluded',
  ];
  if (input.baseline) contextBits.push('baseline weeks: alerts start after 4 weeks');
  if (input.stage) contextBits.push(`likely stage: ${input.stage} (a rough hint)`);

  const blocks: types.KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`🌱 ${input.communityName} weekly pulse · ${periodLabel(input.period)}`, 150),
        emoji: true,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(contextBits.join(' · '), 3000) }] },
  ];
  if (coordinators)
    blocks.push(
      ...alertBlocks(input.communityId, input.alerts, input.metrics.responsiveness.backlog, input.permalinks),
    );
  blocks.push({ type: 'divider' }, energySection(input.metrics, input.history));
  if (input.chart) {
    blocks.push({
      type: 'image',
      block_id: 'trend_chart',
      slack_file: { id: input.chart.fileId },
      alt_text: truncate(input.chart.altText, 2000),
      title: { type: 'plain_text', text: '8-week trend' },
    });
  }
  blocks.push(
    responsivenessSection(input.metrics, input.history),
    membershipSection(input.metrics, input.audience),
    knowledgeSection(input.metrics),
  );
  const shoutouts = shoutoutSection(input.metrics);
  if (shoutouts) blocks.push(shoutouts);
  if (coordinators) blocks.push(...nextStepBlocks(input.alerts));
  const footer = [`<${input.docsUrl}|How these are computed>`, 'members can opt out of shout-outs in the App Home'];
  if (input.homeUrl) footer.unshift(`<${input.homeUrl}|Details in the App Home>`);
  if (coordinators) footer.push('thresholds: community settings (`/cop`)');
  blocks.push(
    { type: 'divider' },
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(footer.join(' · '), 3000) }] },
  );

  const message: DigestMessage = { text: digestText({ ...input, communityName: name }), blocks };
  if (input.digestId !== undefined) {
    message.metadata = {
      event_type: DIGEST_EVENT_TYPE,
      event_payload: {
        digest_id: input.digestId,
        community_id: input.communityId,
        destination: input.destination ?? '',
      },
    };
  }
  return message;
}
