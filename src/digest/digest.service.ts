import type { CommunityRow } from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import { type Alert, evaluateAlerts } from './alerts.js';
import type { DigestInput } from './blocks.js';
import type { Audience } from './blocks-sections.js';
import type { TrendChartInput } from './chart.js';
import { computeWeekMetrics, ensurePriorSnapshots } from './metrics/compute.js';
import type { Snapshot, WeekMetrics } from './metrics/types.js';
import { dayMonth, type Period } from './period.js';
import { likelyStage } from './stage.js';
import { resolveThresholds } from './thresholds.js';

/** Where the digest footer's "How these are computed" points (docs/digest.md in the repository). */
export const DEFAULT_DOCS_URL = 'https://github.com/praxis-cop/praxis/blob/main/docs/digest.md';

/** Everything measured and judged for one community and week, before it is shaped for an audience. */
export interface PreparedDigest {
  community: CommunityRow;
  period: Period;
  metrics: WeekMetrics;
  /** Prior weeks' snapshots, oldest first (7, so the sparkline shows 8 weeks with this one). */
  history: Snapshot[];
  alerts: Alert[];
  baseline: boolean;
  stage: string | null;
  permalinks: Record<number, string>;
}

/**
 * Measures the week (or reuses metrics already stored for it, so a retry shows the same numbers), loads or
 * backfills the prior snapshots, and evaluates the alerts.
 */
export async function prepareDigest(
  deps: Pick<Deps, 'db' | 'slack' | 'logger'>,
  community: CommunityRow,
  period: Period,
  options: { storedMetrics?: WeekMetrics | null } = {},
): Promise<PreparedDigest> {
  const history = await ensurePriorSnapshots(deps.db, community, period, 7);
  const metrics = options.storedMetrics ?? (await computeWeekMetrics(deps.db, community, period));
  const thresholds = resolveThresholds(community.alert_thresholds);
  const ageDays = (period.end.getTime() - community.created_at.getTime()) / 86_400_000;
  const alerts = evaluateAlerts({ metrics, history, thresholds }, { communityAgeDays: ageDays });
  return {
    community,
    period,
    metrics,
    history,
    alerts,
    baseline: ageDays < thresholds.baselineWeeks * 7,
    stage: likelyStage(metrics, history),
    permalinks: await permalinksFor(deps, metrics),
  };
}

/** Thread permalinks for the backlog questions the digest links to (best effort: a failure leaves the fallback link). */
async function permalinksFor(
  deps: Pick<Deps, 'slack' | 'logger'>,
  metrics: WeekMetrics,
): Promise<Record<number, string>> {
  const out: Record<number, string> = {};
  for (const q of metrics.responsiveness.backlog.slice(0, 3)) {
    if (!q.messageTs) continue;
    try {
      const res = await deps.slack.chat.getPermalink({ channel: q.channelId, message_ts: q.messageTs });
      if (res.permalink) out[q.questionId] = res.permalink;
    } catch (err) {
      deps.logger.debug({ err, questionId: q.questionId }, 'no permalink for a backlog question');
    }
  }
  return out;
}

/** Shapes a prepared digest for one audience. */
export function digestInput(
  prepared: PreparedDigest,
  audience: Audience,
  extra: {
    chart: DigestInput['chart'];
    docsUrl?: string;
    homeUrl?: string | null;
    digestId?: number;
    destination?: string;
  },
): DigestInput {
  return {
    communityId: prepared.community.id,
    communityName: prepared.community.name,
    period: prepared.period,
    metrics: prepared.metrics,
    history: prepared.history,
    alerts: prepared.alerts,
    audience,
    baseline: prepared.baseline,
    stage: prepared.stage,
    permalinks: prepared.permalinks,
    chart: extra.chart,
    docsUrl: extra.docsUrl ?? DEFAULT_DOCS_URL,
    homeUrl: extra.homeUrl ?? null,
    digestId: extra.digestId,
    destination: extra.destination,
  };
}

/** The 8-week chart's data: energy (left axis) and engaged members (right axis). */
export function chartData(prepared: PreparedDigest): TrendChartInput {
  const weeks = [...prepared.history.map((s) => s.weekStart), prepared.period.startDate];
  return {
    title: `${prepared.community.name}: energy and engaged members, ${weeks.length} weeks`,
    labels: weeks.map(dayMonth),
    series: [
      {
        label: 'Energy',
        values: [...prepared.history.map((s) => s.energy), prepared.metrics.participation.energy],
        color: '#2eb67d',
      },
      {
        label: 'Engaged members',
        values: [...prepared.history.map((s) => s.engagedMembers), prepared.metrics.participation.engagedMembers],
        color: '#36c5f0',
        axis: 'right',
      },
    ],
  };
}
