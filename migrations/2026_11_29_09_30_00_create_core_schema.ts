import { type Kysely, sql } from 'kysely';

/**
 * The core schema: workspaces, communities, members and expertise, questions and their routing, answers,
 * knowledge entries (full-text searchable), activity metadata, digests and processed Slack event ids.
 * Frozen in time: it uses Kysely<any> and never imports application code.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workspace')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('bot_user_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('community')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('workspace.team_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('experts_per_question', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('answer_target_seconds', 'integer', (c) => c.notNull().defaultTo(24 * 60 * 60))
    .addColumn('freshness_days', 'integer', (c) => c.notNull().defaultTo(180))
    .addColumn('digest_cron', 'text', (c) => c.notNull().defaultTo('0 9 * * 1'))
    .addColumn('digest_tz', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('digest_to_coordinators', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('digest_channel_id', 'text')
    .addColumn('alert_thresholds', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('archived_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('community_channel')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'integer', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('is_private', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('community_channel_community_id_index')
    .on('community_channel')
    .column('community_id')
    .execute();

  await db.schema
    .createTable('community_coordinator')
    .addColumn('community_id', 'integer', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('community_coordinator_pk', ['community_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('member')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('tz', 'text')
    .addColumn('is_bot', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('deactivated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('routing_opt_out', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('shoutout_opt_out', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('snoozed_until', 'timestamptz')
    .addColumn('weekly_cap', 'integer')
    .addColumn('last_active_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('member_pk', ['team_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('tag')
    .addColumn('community_id', 'integer', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('tag_pk', ['community_id', 'name'])
    .execute();

  await db.schema
    .createTable('tag_synonym')
    .addColumn('community_id', 'integer', (c) => c.notNull())
    .addColumn('synonym', 'text', (c) => c.notNull())
    .addColumn('tag_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_synonym_pk', ['community_id', 'synonym'])
    .addForeignKeyConstraint(
      'tag_synonym_tag_fk',
      ['community_id', 'tag_name'],
      'tag',
      ['community_id', 'name'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // Expertise is per person and tag across the workspace: knowing #postgres does not depend on the channel asked in.
  await db.schema
    .createTable('expertise')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('declared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('declared_at', 'timestamptz')
    .addColumn('answers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_answer_at', 'timestamptz')
    .addColumn('penalty', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('expertise_pk', ['team_id', 'user_id', 'tag'])
    .execute();
  await db.schema.createIndex('expertise_team_tag_index').on('expertise').columns(['team_id', 'tag']).execute();

  await db.schema
    .createTable('question')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'integer', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('asker_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // Idempotency: a redelivered command or submission carries the same key, and the unique index turns it into a no-op.
    .addColumn('request_key', 'text', (c) => c.notNull().unique())
    .addColumn('message_ts', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('asked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('first_response_at', 'timestamptz')
    .addColumn('first_responder_id', 'text')
    .addColumn('solved_at', 'timestamptz')
    .addColumn('accepted_answer_id', 'integer')
    .addColumn('resolved_by_entry_id', 'integer')
    .execute();
  await db.schema
    .createIndex('question_community_asked_index')
    .on('question')
    .columns(['community_id', 'asked_at'])
    .execute();
  await db.schema
    .createIndex('question_channel_message_index')
    .on('question')
    .columns(['channel_id', 'message_ts'])
    .unique()
    .execute();

  await db.schema
    .createTable('routing')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('question_id', 'integer', (c) => c.notNull().references('question.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('initial'))
    .addColumn('score', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('handed_off_by', 'text')
    .addColumn('note', 'text')
    .addColumn('dm_channel_id', 'text')
    .addColumn('dm_ts', 'text')
    .addColumn('routed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('acted_at', 'timestamptz')
    .addUniqueConstraint('routing_question_user_unique', ['question_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('routing_user_status_index')
    .on('routing')
    .columns(['team_id', 'user_id', 'status'])
    .execute();

  await db.schema
    .createTable('answer')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('question_id', 'integer', (c) => c.notNull().references('question.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('message_ts', 'text', (c) => c.notNull())
    // Answer text is kept because a solved thread becomes a knowledge entry; ordinary channel chatter never is.
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull().defaultTo('thread'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .addUniqueConstraint('answer_message_unique', ['channel_id', 'message_ts'])
    .execute();
  await db.schema.createIndex('answer_question_index').on('answer').column('question_id').execute();

  await db.schema
    .createTable('knowledge_entry')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'integer', (c) => c.references('community.id').onDelete('set null'))
    .addColumn('question_id', 'integer', (c) => c.references('question.id').onDelete('set null').unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('other_replies', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('contributors', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('answerer_id', 'text')
    .addColumn('source_channel_id', 'text', (c) => c.notNull())
    .addColumn('source_ts', 'text')
    .addColumn('permalink', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('attribution', 'text')
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reuses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('misses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('review_requested_at', 'timestamptz')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Title weighs most, then the question, the accepted answer, and other replies. (Tags are matched on the array:
    // array_to_string is not immutable, so it cannot feed a generated column.)
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(sql`
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(question, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(answer, '')), 'C') ||
        setweight(to_tsvector('english', coalesce(other_replies, '')), 'D')`)
        .stored(),
    )
    .execute();
  await db.schema
    .createIndex('knowledge_entry_search_index')
    .on('knowledge_entry')
    .using('gin')
    .column('search')
    .execute();
  await db.schema
    .createIndex('knowledge_entry_team_index')
    .on('knowledge_entry')
    .columns(['team_id', 'created_at'])
    .execute();

  // Activity is metadata only (who, what kind, when, where): never the text of a message.
  await db.schema
    .createTable('activity_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'integer', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('target_user_id', 'text')
    .addColumn('question_id', 'integer')
    .addColumn('entry_id', 'integer')
    .addColumn('is_reply', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('emoji', 'text')
    // Dedupe key: the Slack event id or a bot action id, so retried writes are counted once.
    .addColumn('source_key', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('activity_event_community_time_index')
    .on('activity_event')
    .columns(['community_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('activity_event_user_time_index')
    .on('activity_event')
    .columns(['team_id', 'user_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('digest')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('community_id', 'integer', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('building'))
    .addColumn('metrics', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('posts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('posted_at', 'timestamptz')
    .addUniqueConstraint('digest_community_period_unique', ['community_id', 'period_start'])
    .execute();

  await db.schema
    .createTable('processed_event')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('processed_event_received_index').on('processed_event').column('received_at').execute();

  // Each escalation stage of a question happens once, however many job attempts or workers race for it.
  await db.schema
    .createTable('escalation_step')
    .addColumn('question_id', 'integer', (c) => c.notNull().references('question.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('escalation_step_pk', ['question_id', 'stage'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'escalation_step',
    'processed_event',
    'digest',
    'activity_event',
    'knowledge_entry',
    'answer',
    'routing',
    'question',
    'expertise',
    'tag_synonym',
    'tag',
    'member',
    'community_coordinator',
    'community_channel',
    'community',
    'workspace',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
