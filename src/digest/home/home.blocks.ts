import type { types } from '@slack/bolt';
import { EXPERT_ACTIONS } from '../../slack/blocks/expert-card.js';
import { escapeAndTruncate, truncate } from '../../slack/text.js';
import { duration, sparkline } from '../trends.js';

/** Action id of a coordinator's "Settings" button in the App Home (value = community id). */
export const HOME_OPEN_SETTINGS = 'home_open_settings';

/** Lists are capped so the Home tab stays far inside Slack's 100 blocks, however much there is. */
export const HOME_CAPS = { openQuestions: 8, routed: 8, expertise: 15, communities: 8 } as const;

export interface HomeInput {
  now: Date;
  openQuestions: {
    rows: Array<{ id: number; title: string; channel_id: string; asked_at: Date; first_response_at: Date | null }>;
    total: number;
  };
  routed: {
    rows: Array<{
      routingId: number;
      questionId: number;
      title: string;
      channel_id: string;
      asker_id: string;
      routed_at: Date;
      tags: string[];
    }>;
    total: number;
  };
  expertise: Array<{ tag: string; declared: boolean; answers: number; accepted: number }>;
  prefs:
    | { snoozed_until: Date | null; weekly_cap: number | null; routing_opt_out: boolean; shoutout_opt_out: boolean }
    | undefined;
  /** Present only for coordinators. */
  communities: Array<{ id: number; name: string; energy: number[]; backlog: number; gaps: string[] }>;
}

const md = (text: string): types.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});
const ctx = (text: string): types.ContextBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }],
});
const hours = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;
const more = (shown: number, total: number, what: string) =>
  total > shown ? [ctx(`…and ${total - shown} more ${what}.`)] : [];

function button(text: string, action_id: string, value: string, style?: 'primary'): types.Button {
  return { type: 'button', text: { type: 'plain_text', text }, action_id, value, ...(style ? { style } : {}) };
}

/** The member's App Home: their questions, what is routed to them, expertise and availability; plus health for coordinators. */
export function buildHomeView(input: HomeInput): types.HomeView {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your Praxis' } }];

  blocks.push(md(`*❓ Your open questions* (${input.openQuestions.total})`));
  for (const q of input.openQuestions.rows.slice(0, HOME_CAPS.openQuestions)) {
    const state = q.first_response_at ? 'has replies' : `waiting ${duration(hours(q.asked_at, input.now))}`;
    blocks.push(ctx(`Q-${q.id} · *${escapeAndTruncate(q.title, 150)}* in <#${q.channel_id}> · ${state}`));
  }
  if (input.openQuestions.total === 0) blocks.push(ctx('Nothing open. Ask with `/ask` in a community channel.'));
  blocks.push(...more(HOME_CAPS.openQuestions, input.openQuestions.total, 'open questions'));

  blocks.push({ type: 'divider' }, md(`*📬 Routed to you* (${input.routed.total})`));
  for (const r of input.routed.rows.slice(0, HOME_CAPS.routed)) {
    const tags = r.tags.length ? r.tags.map((t) => `#${escapeAndTruncate(t, 30)}`).join(' ') : 'untagged';
    blocks.push(
      md(
        `*${escapeAndTruncate(r.title, 200)}*\nfrom <@${r.asker_id}> in <#${r.channel_id}> · ${tags} · ${duration(hours(r.routed_at, input.now))} ago`,
      ),
    );
    const value = String(r.routingId);
    blocks.push({
      type: 'actions',
      block_id: `home_routed_${r.routingId}`,
      elements: [
        button('Answer', EXPERT_ACTIONS.answer, value, 'primary'),
        button('Not my area', EXPERT_ACTIONS.notMyArea, value),
        button('Snooze a day', EXPERT_ACTIONS.snoozeDay, value),
        button('Hand off to…', EXPERT_ACTIONS.handOff, value),
      ],
    });
  }
  if (input.routed.total === 0) blocks.push(ctx('Nothing is waiting on you.'));
  blocks.push(...more(HOME_CAPS.routed, input.routed.total, 'routed questions'));

  const tags = input.expertise
    .slice(0, HOME_CAPS.expertise)
    .map(
      (e) =>
        `#${escapeAndTruncate(e.tag, 30)}${e.declared ? '' : ' (earned)'}${e.answers ? ` · ${e.answers} answers` : ''}`,
    );
  const extra =
    input.expertise.length > HOME_CAPS.expertise ? ` …and ${input.expertise.length - HOME_CAPS.expertise} more` : '';
  blocks.push(
    { type: 'divider' },
    md(
      `*🧠 Your expertise*\n${tags.length ? tags.join('\n') + extra : 'None yet. Declare what you know with `/expertise`.'}`,
    ),
  );

  const p = input.prefs;
  const away =
    p?.snoozed_until && p.snoozed_until > input.now
      ? `snoozed until ${p.snoozed_until.toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : 'available';
  blocks.push(
    md(
      `*🕒 Availability & privacy*\n${away}${p?.weekly_cap ? ` · at most ${p.weekly_cap} questions a week` : ''}\n` +
        `Routing: ${p?.routing_opt_out ? 'opted out' : 'on'} · Shout-outs in digests: ${p?.shoutout_opt_out ? 'opted out' : 'on'}\n_Change these with \`/expertise\`._`,
    ),
  );

  if (input.communities.length) {
    blocks.push({ type: 'divider' }, md('*🌱 Communities you coordinate*'));
    for (const c of input.communities.slice(0, HOME_CAPS.communities)) {
      const spark = c.energy.length
        ? `\`${sparkline(c.energy.slice(-8))}\` energy ${c.energy.at(-1)}`
        : 'no digest yet';
      const gaps = c.gaps.length
        ? ` · gaps ${c.gaps
            .slice(0, 4)
            .map((g) => `#${escapeAndTruncate(g, 30)}`)
            .join(', ')}`
        : '';
      blocks.push({
        type: 'section',
        block_id: `home_community_${c.id}`,
        text: {
          type: 'mrkdwn',
          text: truncate(`*${escapeAndTruncate(c.name, 80)}*\n${spark} · backlog ${c.backlog}${gaps}`, 3000),
        },
        accessory: button('Settings', HOME_OPEN_SETTINGS, String(c.id)),
      });
    }
    blocks.push(...more(HOME_CAPS.communities, input.communities.length, 'communities'));
  }
  return { type: 'home', blocks };
}
