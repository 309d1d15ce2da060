import {
  concentrationRisk,
  domainSilence,
  expertiseGap,
  expertOverload,
  knowledgeNotCaptured,
  lapsingCore,
  membershipShrinking,
  newcomerNeglect,
} from './alerts-more.js';
import type { Snapshot, WeekMetrics } from './metrics/types.js';
import type { Thresholds } from './thresholds.js';
import { duration, mean, medianOf, pct, pctChange } from './trends.js';

/** The alerts of cop-health-metrics.md §4. */
export type AlertId =
  | 'unanswered-backlog'
  | 'energy-down'
  | 'participation-down'
  | 'slow-response'
  | 'low-answer-rate'
  | 'concentration-risk'
  | 'expertise-gap'
  | 'expert-overload'
  | 'lapsing-core'
  | 'newcomer-neglect'
  | 'membership-shrinking'
  | 'knowledge-not-captured'
  | 'domain-silence';

/** What the alert's button does: re-route a question, remind people, or nothing. */
export type AlertAction =
  | { type: 'route'; questionId: number }
  | { type: 'nudge'; questionId?: number; users?: string[] };

export interface Alert {
  id: AlertId;
  /** Higher is worse; the digest shows the five worst first. */
  severity: number;
  /** One mrkdwn line for coordinators (may name people: coordinators only). */
  text: string;
  action: AlertAction | null;
  /** A suggested next step, or null. */
  nextStep: string | null;
}

/** What every alert reads: this week's metrics, prior weeks' snapshots (oldest first) and the thresholds. */
export interface AlertInput {
  metrics: WeekMetrics;
  history: Snapshot[];
  thresholds: Thresholds;
}

type Rule = (input: AlertInput) => Alert | null;

export const unansweredBacklog: Rule = ({ metrics, thresholds: t }) => {
  const r = metrics.responsiveness;
  const oldest = r.backlog[0];
  if (!oldest || (r.backlogCount < t.backlogCount && (r.backlogMaxAgeHours ?? 0) <= t.backlogMaxHours)) return null;
  return {
    id: 'unanswered-backlog',
    severity: 100 + r.backlogCount,
    text: `⏰ *${r.backlogCount} question${r.backlogCount === 1 ? '' : 's'} unanswered >48h* (oldest ${duration(oldest.ageHours)})`,
    action: { type: 'route', questionId: oldest.questionId },
    nextStep: `Re-route the oldest unanswered question (${duration(oldest.ageHours)} old) to new experts`,
  };
};

export const energyDown: Rule = ({ metrics, history, thresholds: t }) => {
  const { energy, energyPrev } = metrics.participation;
  const change = pctChange(energy, energyPrev);
  const trailing = mean(history.slice(-4).map((s) => s.energy));
  if (change === null || trailing === null || energyPrev < t.energyMinPrev) return null;
  if (change > -t.energyDrop || energy >= t.energyTrailingFactor * trailing) return null;
  return {
    id: 'energy-down',
    severity: 80,
    text: `📉 *Energy down ${pct(-change)}* week over week (${energy} vs ${energyPrev}; 4-week mean ${Math.round(trailing)})`,
    action: null,
    nextStep: 'Post a conversation starter or an open question to restart the rhythm',
  };
};

export const participationDown: Rule = ({ metrics, history, thresholds: t }) => {
  const p = metrics.participation;
  const change = pctChange(p.engagedMembers, p.engagedMembersPrev);
  const dropped = change !== null && p.engagedMembersPrev >= t.participationMinBase && change <= -t.participationDrop;
  const last = history.at(-1)?.participationRate ?? null;
  const lowTwice =
    p.participationRate !== null &&
    last !== null &&
    p.participationRate < t.participationMinRate &&
    last < t.participationMinRate;
  if (!dropped && !lowTwice) return null;
  return {
    id: 'participation-down',
    severity: 70,
    text: dropped
      ? `👥 *Participation down ${pct(-(change ?? 0))}*: ${p.engagedMembers} engaged members vs ${p.engagedMembersPrev}`
      : `👥 *Participation below ${pct(t.participationMinRate)} two weeks running* (${pct(p.participationRate)})`,
    action: null,
    nextStep: 'Invite quieter members with a low-effort prompt (a poll or "what are you working on?")',
  };
};

export const slowResponse: Rule = ({ metrics, history, thresholds: t }) => {
  const { ttfrMedianHours: m, ttfrP90Hours: p90 } = metrics.responsiveness;
  const baseline = medianOf(history.slice(-4).map((s) => s.ttfrMedianHours));
  const rose = m !== null && baseline !== null && baseline > 0 && (m - baseline) / baseline >= t.ttfrRise;
  if (!((m !== null && m > t.ttfrMedianHours) || (p90 !== null && p90 > t.ttfrP90Hours) || rose)) return null;
  return {
    id: 'slow-response',
    severity: 60,
    text: `🐢 *Slow first responses*: median ${duration(m)}, p90 ${duration(p90)}${baseline !== null ? ` (4-week median ${duration(baseline)})` : ''}`,
    action: null,
    nextStep: 'Ask experts to check their routed questions, or raise experts per question',
  };
};

export const lowAnswerRate: Rule = ({ metrics, thresholds: t }) => {
  const r = metrics.responsiveness;
  if (r.maturedQuestions < t.answerRateMinQuestions) return null;
  const unanswered = r.unansweredRate !== null && r.unansweredRate > t.unansweredRate;
  const unaccepted = r.acceptanceRate !== null && r.acceptanceRate < t.acceptanceRate;
  if (!unanswered && !unaccepted) return null;
  return {
    id: 'low-answer-rate',
    severity: 65,
    text: `❓ *Low answer rate*: ${pct(r.unansweredRate)} unanswered, ${pct(r.acceptanceRate)} accepted (${r.maturedQuestions} questions)`,
    action: null,
    nextStep: unaccepted ? 'Remind askers to mark the answer that solved it' : null,
  };
};

/** Every rule of §4, in the table's order. */
export const ALERT_RULES: ReadonlyArray<(input: AlertInput) => Alert | null> = [
  unansweredBacklog,
  energyDown,
  participationDown,
  slowResponse,
  lowAnswerRate,
  concentrationRisk,
  expertiseGap,
  expertOverload,
  lapsingCore,
  newcomerNeglect,
  membershipShrinking,
  knowledgeNotCaptured,
  domainSilence,
];

/**
 * The alerts that fire, worst first. Nothing fires during the baseline (the community's first
 * `thresholds.baselineWeeks` weeks): the 5D "discover" step measures before it judges.
 */
export function evaluateAlerts(input: AlertInput, context: { communityAgeDays: number }): Alert[] {
  if (context.communityAgeDays < input.thresholds.baselineWeeks * 7) return [];
  return ALERT_RULES.map((rule) => rule(input))
    .filter((a): a is Alert => a !== null)
    .sort((a, b) => b.severity - a.severity);
}
