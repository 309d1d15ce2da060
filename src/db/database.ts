import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Timestamps are read as Date and may be written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;

export interface WorkspaceTable {
  team_id: string;
  name: string | null;
  bot_user_id: string | null;
  created_at: DefaultTimestamp;
}

export interface CommunityTable {
  id: Generated<number>;
  team_id: string;
  name: string;
  domain_description: Generated<string>;
  experts_per_question: Generated<number>;
  answer_target_seconds: Generated<number>;
  freshness_days: Generated<number>;
  digest_cron: Generated<string>;
  digest_tz: Generated<string>;
  digest_to_coordinators: Generated<boolean>;
  digest_channel_id: string | null;
  alert_thresholds: Json<Record<string, number>>;
  created_by: string;
  created_at: DefaultTimestamp;
  archived_at: Timestamp | null;
}

export interface CommunityChannelTable {
  channel_id: string;
  community_id: number;
  team_id: string;
  is_private: Generated<boolean>;
  added_at: DefaultTimestamp;
}

export interface CommunityCoordinatorTable {
  community_id: number;
  user_id: string;
  added_at: DefaultTimestamp;
}

export interface MemberTable {
  team_id: string;
  user_id: string;
  display_name: string | null;
  tz: string | null;
  is_bot: Generated<boolean>;
  deactivated: Generated<boolean>;
  routing_opt_out: Generated<boolean>;
  shoutout_opt_out: Generated<boolean>;
  snoozed_until: Timestamp | null;
  weekly_cap: number | null;
  last_active_at: Timestamp | null;
  created_at: DefaultTimestamp;
  /** The last writing transaction's id (xid8 as text), set by a trigger: the worker's change feed (member-roster.ts). */
  changed_xact: Generated<string | null>;
}

export interface TagTable {
  community_id: number;
  name: string;
  created_at: DefaultTimestamp;
}

export interface TagSynonymTable {
  community_id: number;
  synonym: string;
  tag_name: string;
}

export interface ExpertiseTable {
  team_id: string;
  user_id: string;
  tag: string;
  declared: Generated<boolean>;
  declared_at: Timestamp | null;
  answers: Generated<number>;
  accepted: Generated<number>;
  last_answer_at: Timestamp | null;
  penalty: Generated<number>;
  updated_at: DefaultTimestamp;
}

export type QuestionStatus = 'open' | 'answered' | 'solved' | 'closed';

export interface QuestionTable {
  id: Generated<number>;
  team_id: string;
  community_id: number;
  channel_id: string;
  asker_id: string;
  title: string;
  details: Generated<string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  request_key: string;
  message_ts: string | null;
  status: ColumnType<QuestionStatus, QuestionStatus | undefined, QuestionStatus>;
  asked_at: DefaultTimestamp;
  first_response_at: Timestamp | null;
  first_responder_id: string | null;
  solved_at: Timestamp | null;
  accepted_answer_id: number | null;
  resolved_by_entry_id: number | null;
  /** to_tsvector('english', title), stored and GIN-indexed (similar-question look-ups); PostgreSQL computes it. */
  title_search: GeneratedAlways<string>;
}

export type RoutingStatus = 'pending' | 'answered' | 'passed' | 'snoozed' | 'handed_off' | 'closed';

export interface RoutingTable {
  id: Generated<number>;
  question_id: number;
  team_id: string;
  user_id: string;
  stage: Generated<string>;
  score: Generated<number>;
  reason: Generated<string>;
  status: ColumnType<RoutingStatus, RoutingStatus | undefined, RoutingStatus>;
  handed_off_by: string | null;
  note: string | null;
  dm_channel_id: string | null;
  dm_ts: string | null;
  routed_at: DefaultTimestamp;
  acted_at: Timestamp | null;
}

export interface AnswerTable {
  id: Generated<number>;
  question_id: number;
  user_id: string;
  channel_id: string;
  message_ts: string;
  text: string;
  via: Generated<string>;
  created_at: DefaultTimestamp;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
}

export type Visibility = 'public' | 'private';

export interface KnowledgeEntryTable {
  id: Generated<number>;
  team_id: string;
  community_id: number | null;
  question_id: number | null;
  title: string;
  question: Generated<string>;
  answer: string;
  other_replies: Generated<string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  contributors: ColumnType<string[], string[] | undefined, string[]>;
  author_id: string;
  answerer_id: string | null;
  source_channel_id: string;
  source_ts: string | null;
  permalink: string | null;
  visibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
  attribution: string | null;
  views: Generated<number>;
  reuses: Generated<number>;
  misses: Generated<number>;
  helpful: Generated<number>;
  review_requested_at: Timestamp | null;
  reviewed_at: Timestamp | null;
  retired_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** Generated by PostgreSQL; never written. */
  search: ColumnType<string, never, never>;
}

export interface ActivityEventTable {
  id: Generated<number>;
  team_id: string;
  community_id: number;
  channel_id: string | null;
  user_id: string;
  kind: string;
  occurred_at: Timestamp;
  target_user_id: string | null;
  question_id: number | null;
  entry_id: number | null;
  is_reply: Generated<boolean>;
  emoji: string | null;
  source_key: string | null;
  /** The message a reaction landed on, or a message's own ts (added by 2026_11_29_11_00_00). */
  item_ts: string | null;
  /** The parent thread of a reply (added by 2026_11_29_11_00_00). */
  thread_ts: string | null;
}

export interface DigestTable {
  id: Generated<number>;
  community_id: number;
  period_start: ColumnType<string, string, string>;
  period_end: ColumnType<string, string, string>;
  status: Generated<string>;
  metrics: Json<Record<string, unknown>>;
  /** One entry per destination: written as an intent (ts null) before posting, then completed with the ts. */
  posts: Json<Array<{ channel: string; ts: string | null; destination?: string; intent_at?: string }>>;
  created_at: DefaultTimestamp;
  posted_at: Timestamp | null;
}

/** Weekly metric snapshots for trends and trailing means (added by 2026_11_29_11_00_00). */
export interface WeeklySnapshotTable {
  community_id: number;
  week_start: ColumnType<string, string, string>;
  week_end: ColumnType<string, string, string>;
  metrics: Json<Record<string, unknown>>;
  created_at: DefaultTimestamp;
}

/** A community's learned ranker, a `RankerModel` as JSON (added by 2026_11_29_12_00_00). */
export interface RoutingModelTable {
  community_id: number;
  model: Json<unknown>;
  trained_on: number;
  trained_at: Timestamp;
  updated_at: DefaultTimestamp;
}

export interface ProcessedEventTable {
  event_id: string;
  received_at: DefaultTimestamp;
}

export interface EscalationStepTable {
  question_id: number;
  stage: string;
  done_at: DefaultTimestamp;
}

/** Changes whenever the router's inputs about a user (beside their member row) change: kept by triggers. */
export interface MemberRoutingVersionTable {
  user_id: string;
  version: number;
  /** As MemberTable.changed_xact. */
  changed_xact: Generated<string | null>;
}

/** Notes of removed member and version rows, for the worker's change feed (migration 2026_11_29_18_00_00). */
export interface MemberFeedRemovalTable {
  /** Null for a version row (versions are per user). */
  team_id: string | null;
  /** Null for a TRUNCATE: every copy reads everything again. */
  user_id: string | null;
  changed_xact: Generated<string>;
  noted_at: DefaultTimestamp;
}

/** Every table Praxis owns. Handwritten while the schema settles (see docs/architecture.md). */
export interface Database {
  workspace: WorkspaceTable;
  community: CommunityTable;
  community_channel: CommunityChannelTable;
  community_coordinator: CommunityCoordinatorTable;
  member: MemberTable;
  tag: TagTable;
  tag_synonym: TagSynonymTable;
  expertise: ExpertiseTable;
  question: QuestionTable;
  routing: RoutingTable;
  answer: AnswerTable;
  knowledge_entry: KnowledgeEntryTable;
  activity_event: ActivityEventTable;
  digest: DigestTable;
  processed_event: ProcessedEventTable;
  escalation_step: EscalationStepTable;
  weekly_snapshot: WeeklySnapshotTable;
  routing_model: RoutingModelTable;
  member_routing_version: MemberRoutingVersionTable;
  member_feed_removal: MemberFeedRemovalTable;
}
