import type { types } from '@slack/bolt';
import { escapeAndTruncate, truncate } from '../slack/text.js';
import type { Alert } from './alerts.js';
import type { BacklogItem } from './metrics/types.js';
import { duration } from './trends.js';

/** Action ids of the digest's buttons (the lead's listeners handle them; see actions.service.ts). */
export const DIGEST_ACTIONS = {
  route: 'digest_route',
  nudge: 'digest_nudge',
  openThread: 'digest_open_thread',
} as const;

/** What a Nudge button carries: who to remind, about what. Kept short (button values are ≤ 2000 chars). */
export interface NudgeValue {
  /** community id */
  c: number;
  /** alert id */
  a: string;
  /** question id, when the nudge is about one question (its routed experts are reminded) */
  q?: number;
  /** user ids, when the nudge is about people (they get a friendly DM) */
  u?: string[];
}

/** Parses a Nudge button's value; null when it is not one of ours. */
export function parseNudgeValue(value: string | undefined): NudgeValue | null {
  try {
    const v = JSON.parse(value ?? '') as NudgeValue;
    return typeof v.c === 'number' && typeof v.a === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** A Slack thread link for a question; falls back to the channel archive form when no permalink was fetched. */
export function threadUrl(
  item: Pick<BacklogItem, 'questionId' | 'channelId' | 'messageTs'>,
  permalinks: Record<number, string>,
): string | null {
  const known = permalinks[item.questionId];
  if (known) return known;
  return item.messageTs ? `https://slack.com/archives/${item.channelId}/p${item.messageTs.replace('.', '')}` : null;
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, 75), emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

function nudgeButton(communityId: number, alert: Alert, label: string): types.Button | null {
  if (alert.action?.type !== 'nudge') return null;
  const value: NudgeValue = { c: communityId, a: alert.id, q: alert.action.questionId, u: alert.action.users };
  return button(label, DIGEST_ACTIONS.nudge, JSON.stringify(value).slice(0, 2000));
}

/** The backlog alert: the oldest questions as links, then Route / Nudge / Open thread for the oldest. */
function backlogBlocks(
  communityId: number,
  alert: Alert,
  backlog: BacklogItem[],
  permalinks: Record<number, string>,
): types.KnownBlock[] {
  const lines = backlog.slice(0, 3).map((q) => {
    const url = threadUrl(q, permalinks);
    const title = escapeAndTruncate(q.title, 80);
    return `• ${url ? `<${url}|${title}>` : title} (${duration(q.ageHours)})`;
  });
  const oldest = backlog[0];
  const url = oldest ? threadUrl(oldest, permalinks) : null;
  const elements: types.Button[] = [];
  if (oldest) {
    elements.push(button('Route now', DIGEST_ACTIONS.route, String(oldest.questionId), 'primary'));
    elements.push(
      button(
        'Nudge experts',
        DIGEST_ACTIONS.nudge,
        JSON.stringify({ c: communityId, a: alert.id, q: oldest.questionId } satisfies NudgeValue),
      ),
    );
    if (url) elements.push({ ...button('Open thread', DIGEST_ACTIONS.openThread, String(oldest.questionId)), url });
  }
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      block_id: `alert_${alert.id}`,
      text: { type: 'mrkdwn', text: truncate([alert.text, ...lines].join('\n'), 3000) },
    },
  ];
  if (elements.length) blocks.push({ type: 'actions', block_id: `alert_${alert.id}_actions`, elements });
  return blocks;
}

/**
 * "Needs attention": at most five alerts, worst first, each a section with its button. Coordinators only.
 */
export function alertBlocks(
  communityId: number,
  alerts: Alert[],
  backlog: BacklogItem[],
  permalinks: Record<number, string>,
): types.KnownBlock[] {
  if (alerts.length === 0) return [];
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: '*🚩 Needs attention*' } }];
  for (const alert of alerts.slice(0, 5)) {
    if (alert.id === 'unanswered-backlog') {
      blocks.push(...backlogBlocks(communityId, alert, backlog, permalinks));
      continue;
    }
    const accessory =
      alert.action?.type === 'route'
        ? button('Route now', DIGEST_ACTIONS.route, String(alert.action.questionId), 'primary')
        : nudgeButton(communityId, alert, 'Nudge');
    blocks.push({
      type: 'section',
      block_id: `alert_${alert.id}`,
      text: { type: 'mrkdwn', text: truncate(alert.text, 3000) },
      ...(accessory ? { accessory } : {}),
    });
  }
  return blocks;
}

/** "Suggested next steps": at most three, from the alerts that fired. */
export function nextStepBlocks(alerts: Alert[]): types.KnownBlock[] {
  const steps = alerts
    .map((a) => a.nextStep)
    .filter((s): s is string => s !== null)
    .slice(0, 3);
  if (steps.length === 0) return [];
  const text = `*👉 Suggested next steps*\n${steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}`;
  return [{ type: 'section', block_id: 'next_steps', text: { type: 'mrkdwn', text: truncate(text, 3000) } }];
}
