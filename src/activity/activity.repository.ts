import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ActivityEventTable, Database } from '../db/database.js';
import { touchLastActive } from '../members/member.repository.js';

/** Kinds of activity Praxis records (metadata only: who, what, when, where — never message text). */
export type ActivityKind =
  | 'message'
  | 'reaction_added'
  | 'reaction_removed'
  | 'member_joined'
  | 'member_left'
  | 'question_asked'
  | 'question_routed'
  | 'answer_posted'
  | 'answer_accepted'
  | 'knowledge_created'
  | 'knowledge_viewed'
  | 'knowledge_reused'
  | 'knowledge_missed'
  | 'routing_accepted';

export interface ActivityInput {
  teamId: string;
  communityId: number;
  channelId?: string | null;
  userId: string;
  kind: ActivityKind;
  occurredAt: Date;
  targetUserId?: string | null;
  questionId?: number | null;
  entryId?: number | null;
  isReply?: boolean;
  emoji?: string | null;
  /** Makes the write idempotent: a retried event or job records nothing new. */
  sourceKey?: string | null;
  /** The reacted-to message (reactions) or the message's own ts (messages): lets reactions be tied to answers. */
  itemTs?: string | null;
  /** The parent thread of a reply: lets a newcomer's first post be checked for a welcome. */
  threadTs?: string | null;
}

/** Maps an activity to its row (absent optional fields become NULL). */
export function toActivityRow(e: ActivityInput): Insertable<ActivityEventTable> {
  return {
    team_id: e.teamId,
    community_id: e.communityId,
    channel_id: e.channelId ?? null,
    user_id: e.userId,
    kind: e.kind,
    occurred_at: e.occurredAt,
    target_user_id: e.targetUserId ?? null,
    question_id: e.questionId ?? null,
    entry_id: e.entryId ?? null,
    is_reply: e.isReply ?? false,
    emoji: e.emoji ?? null,
    source_key: e.sourceKey ?? null,
    item_ts: e.itemTs ?? null,
    thread_ts: e.threadTs ?? null,
  };
}

/** Records activity rows, skipping any whose source key was already recorded. */
export async function insertActivity(
  db: Kysely<Database> | Transaction<Database>,
  events: ActivityInput[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('activity_event')
    .values(events.map(toActivityRow))
    .onConflict((oc) => oc.column('source_key').doNothing())
    .execute();
  // Keep each member's last-activity time current, so routing reads one column instead of the whole log.
  await touchLastActive(
    db,
    events.map((e) => ({ teamId: e.teamId, userId: e.userId, at: e.occurredAt })),
  );
}
