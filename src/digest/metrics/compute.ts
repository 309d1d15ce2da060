import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Period, periodBefore } from '../period.js';
import { ActivityWindow } from './activity-window.js';
import { knowledgeMetrics } from './knowledge.js';
import { membershipMetrics } from './membership.js';
import { participationMetrics } from './participation.js';
import { responsivenessMetrics } from './responsiveness.js';
import { existingSnapshotWeeks, listSnapshots, saveSnapshot } from './snapshot.repository.js';
import { structureMetrics } from './structure.js';
import type { MetricWindow, Snapshot, WeekMetrics } from './types.js';
import { valuesMetrics } from './values.js';

type Db = Kysely<Database>;

/** The community fields the metrics need. */
export interface MetricCommunity {
  id: number;
  team_id: string;
  created_at: Date;
}

/** Every metric of one week, computed in SQL over the event log and the question tables. */
export async function computeWeekMetrics(
  db: Db,
  community: MetricCommunity,
  period: Period,
  options: { channelMembers?: number } = {},
): Promise<WeekMetrics> {
  const w: MetricWindow = {
    communityId: community.id,
    teamId: community.team_id,
    start: period.start,
    end: period.end,
  };
  // The community's recent events are read once and shared: several groups need the same weeks of activity.
  const win = new ActivityWindow(db, w);
  const [responsiveness, participation, membership, structure, knowledge, values] = await Promise.all([
    responsivenessMetrics(db, w),
    participationMetrics(db, w, win, options),
    membershipMetrics(db, w, win),
    structureMetrics(db, w),
    knowledgeMetrics(db, w, win),
    valuesMetrics(db, w, win),
  ]);
  return {
    periodStart: period.startDate,
    periodEnd: period.endDate,
    responsiveness,
    participation,
    membership,
    structure,
    knowledge,
    values,
  };
}

/** The numbers of a week worth keeping for trends. */
export function toSnapshot(m: WeekMetrics): Snapshot {
  return {
    weekStart: m.periodStart,
    energy: m.participation.energy,
    engagedMembers: m.participation.engagedMembers,
    participationRate: m.participation.participationRate,
    ttfrMedianHours: m.responsiveness.ttfrMedianHours,
    ttfrP90Hours: m.responsiveness.ttfrP90Hours,
    unansweredRate: m.responsiveness.unansweredRate,
    acceptanceRate: m.responsiveness.acceptanceRate,
    questionsAsked: m.responsiveness.questionsAsked,
    joined: m.membership.joined,
    left: m.membership.left,
    entriesCreated: m.knowledge.entriesCreated,
    reuses: m.knowledge.reuses,
    messages: m.participation.messages,
    reactions: m.participation.reactions,
  };
}

/**
 * The snapshots of the `weeks` weeks before `period`, oldest first. Weeks with no stored snapshot (the digest did
 * not run, or the community predates Praxis's digest) are computed once from the log and stored, so trends work
 * from the first digest; weeks that ended before the community existed are skipped.
 */
export async function ensurePriorSnapshots(
  db: Db,
  community: MetricCommunity,
  period: Period,
  weeks = 8,
): Promise<Snapshot[]> {
  const wanted: Period[] = [];
  for (let i = weeks; i >= 1; i--) {
    const p = periodBefore(period, i);
    if (p.end.getTime() > community.created_at.getTime()) wanted.push(p);
  }
  const have = await existingSnapshotWeeks(
    db,
    community.id,
    wanted.map((p) => p.startDate),
  );
  for (const p of wanted) {
    if (have.has(p.startDate)) continue;
    await saveSnapshot(db, community.id, p, toSnapshot(await computeWeekMetrics(db, community, p)));
  }
  return listSnapshots(db, community.id, period.startDate, weeks);
}
