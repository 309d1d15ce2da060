import type { types } from '@slack/bolt';
import { escapeAndTruncate, truncate } from '../slack/text.js';
import type { Snapshot, WeekMetrics } from './metrics/types.js';
import { duration, pct, sparkline, trendText } from './trends.js';

/** Who reads the digest: coordinators see names of individuals; a channel sees aggregates and positive shout-outs. */
export type Audience = 'coordinators' | 'channel';

const mention = (u: string) => `<@${u}>`;
const field = (label: string, value: string): types.MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(`*${label}*\n${value}`, 2000),
});
const section = (blockId: string, text: string, fields?: types.MrkdwnElement[]): types.SectionBlock => ({
  type: 'section',
  block_id: blockId,
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
  ...(fields?.length ? { fields: fields.slice(0, 10) } : {}),
});

/** Stickiness (B3) is shown only over a 28-day base of at least 30 people: small denominators inflate it. */
export const STICKINESS_MIN_BASE = 30;

/** Energy & participation (B1–B5) with trend arrows and 8-week sparklines from the stored snapshots. */
export function energySection(m: WeekMetrics, history: Snapshot[]): types.SectionBlock {
  const p = m.participation;
  const energies = [...history.map((s) => s.energy), p.energy];
  const engaged = [...history.map((s) => s.engagedMembers), p.engagedMembers];
  const fields = [
    field(
      'Engaged members',
      `${p.engagedMembers} ${trendText(p.engagedMembers, p.engagedMembersPrev)}\n\`${sparkline(engaged)}\``,
    ),
    field('Participation', `${pct(p.participationRate)} of ${p.channelMembers} members`),
    field('Energy', `${p.energy} ${trendText(p.energy, p.energyPrev)}\n\`${sparkline(energies)}\``),
    field('Messages · replies · reactions', `${p.messages} · ${p.replies} · ${p.reactions}`),
  ];
  if (p.engaged28d >= STICKINESS_MIN_BASE) fields.push(field('Stickiness (week ÷ 28 days)', pct(p.stickiness)));
  return section('energy', '*⚡ Energy & participation*', fields);
}

/** Responsiveness (A1–A6); for time to first response, lower is better, so its colours flip. */
export function responsivenessSection(m: WeekMetrics, history: Snapshot[]): types.SectionBlock {
  const r = m.responsiveness;
  const prev = history.at(-1)?.ttfrMedianHours ?? null;
  const fields = [
    field(
      'Median first response',
      `${duration(r.ttfrMedianHours)} ${trendText(r.ttfrMedianHours, prev, { higherIsBetter: false })}\n(p90 ${duration(r.ttfrP90Hours)})`,
    ),
    field('Unanswered (matured)', `${pct(r.unansweredRate)} of ${r.maturedQuestions}`),
    field('Accepted', pct(r.acceptanceRate)),
    field('Time to accepted answer', duration(r.timeToAcceptMedianHours)),
    field(
      'Routing hit rate',
      `${pct(r.routingHitRate)} of ${r.routings} (routed after ${duration(r.routingLatencyMedianHours)})`,
    ),
    field('Questions asked', `${r.questionsAsked} · backlog ${r.backlogCount}`),
  ];
  return section('responsiveness', '*⏱️ Responsiveness*', fields);
}

/** Membership (C1–C4). Lapsed contributors are named for coordinators only; a channel sees counts. */
export function membershipSection(m: WeekMetrics, audience: Audience): types.SectionBlock {
  const c = m.membership;
  const net = c.joined - c.left;
  const lines = [
    `*🌱 Membership*  +${c.joined} joined / −${c.left} left (net ${net >= 0 ? '+' : ''}${net})`,
    `New contributors: ${c.newContributorCount}${audience === 'coordinators' && c.newContributors.length ? ` (${c.newContributors.slice(0, 8).map(mention).join(', ')})` : ''}`,
    `Newcomer activation (28 days): ${pct(c.activationRate)}${c.newcomers28d ? ` of ${c.newcomers28d}` : ''}`,
  ];
  if (audience === 'coordinators' && c.lapsed.length) {
    lines.push(
      `Lapsed this week (28 days silent): ${c.lapsed.slice(0, 8).map(mention).join(', ')}${c.lapsed.length > 8 ? ` +${c.lapsed.length - 8}` : ''}`,
    );
  } else if (c.lapsed.length) {
    lines.push(`Lapsed this week: ${c.lapsed.length}`);
  }
  return section('membership', lines.join('\n'));
}

/** Knowledge results (E1–E3) and tag gaps (D2). */
export function knowledgeSection(m: WeekMetrics): types.SectionBlock {
  const k = m.knowledge;
  const s = m.structure;
  const lines = [
    `*📚 Knowledge*  ${k.entriesCreated} created · ${k.reuses} reused · ${k.views} views (${k.distinctViewers} people)`,
    `Capture rate ${pct(k.captureRate)} · reuse rate ${pct(k.reuseRate)} · tag coverage ${pct(s.coverage)}`,
  ];
  if (k.topReused) lines.push(`Most reused: _${escapeAndTruncate(k.topReused.title, 120)}_ (${k.topReused.reuses}×)`);
  if (s.gaps.length)
    lines.push(
      `Tag gaps: ${s.gaps
        .slice(0, 6)
        .map((g) => `#${escapeAndTruncate(g, 40)}`)
        .join(', ')}`,
    );
  return section('knowledge', lines.join('\n'));
}

/** Shout-outs (F1): positive recognition only; members who opted out were already left out by the metrics. */
export function shoutoutSection(m: WeekMetrics): types.SectionBlock | null {
  const v = m.values;
  const lines: string[] = [];
  if (v.topAnswerers.length)
    lines.push(`Top answerers: ${v.topAnswerers.map((a) => `${mention(a.userId)} (${a.answers})`).join(', ')}`);
  if (v.firstTimeAnswerers.length)
    lines.push(`First answers ever: ${v.firstTimeAnswerers.slice(0, 8).map(mention).join(', ')} 🎉`);
  if (v.mostThanked) lines.push(`Most thanked: ${mention(v.mostThanked.userId)} (${v.mostThanked.thanks} 🙏)`);
  if (v.answersInWeek) lines.push(`${pct(v.appreciationRate)} of ${v.answersInWeek} answers got a thank-you`);
  if (!lines.length) return null;
  return section('shoutouts', `*🙌 Shout-outs*\n${lines.join('\n')}`);
}
