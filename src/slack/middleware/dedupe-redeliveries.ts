import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';

/**
 * The key that identifies one delivery of something Slack sends, stable across Slack's retries: the event_id for
 * Events API envelopes; the trigger_id (+ action_ts) for clicks and submissions. Null when there is nothing to claim.
 *
 * Slash commands are not claimed here. Slack does not retry them, the claim's INSERT would sit between the request
 * and the listener's ack (under a burst it waits for a pool connection: docs/benchmarks.md), and every command's
 * effect is idempotent on its own — /ask stores one question per trigger_id, /cop setup reports an existing
 * community, the rest only answer the person who typed them.
 */
export function deliveryKey(body: Record<string, unknown>): string | null {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.command === 'string') return null;
  if (typeof body.type === 'string' && typeof body.trigger_id === 'string') {
    const actions = Array.isArray(body.actions) ? (body.actions as Array<{ action_ts?: string }>) : [];
    return `${body.type}:${body.trigger_id}:${actions[0]?.action_ts ?? ''}`;
  }
  return null;
}

/**
 * Global middleware that drops redeliveries, so every listener is retry-safe by default.
 * The first delivery claims its key in `processed_event`; a later copy finds the claim, is acknowledged and
 * goes no further. If the listeners fail, the claim is released so Slack's retry can do the work after all.
 */
export function dedupeRedeliveries(db: Kysely<Database>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, next, logger } = args;
    const key = deliveryKey(body as unknown as Record<string, unknown>);
    if (key === null) {
      await next();
      return;
    }
    const claimed = await claim(db, key);
    if (!claimed) {
      logger.debug(`dropping a redelivery of ${key}`);
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    try {
      await next();
    } catch (error) {
      await db.deleteFrom('processed_event').where('event_id', '=', key).execute();
      throw error;
    }
  };
}

/**
 * Claims a delivery key in one statement (one round trip, no BEGIN / SET LOCAL / COMMIT). The commit is
 * asynchronous: waiting for the WAL flush on every event would cap ingest at the disk's fsync rate, and a claim lost in
 * a crash only lets one redelivery through to listeners whose writes are idempotent anyway (activity source keys,
 * answer message keys). `set_config(…, true)` in the statement's own FROM sets `synchronous_commit = off` for its
 * implicit transaction only — in force at its commit, gone after it — so the pooled connection keeps the default.
 */
async function claim(db: Kysely<Database>, key: string): Promise<boolean> {
  const { rows } = await sql<{ event_id: string }>`
    INSERT INTO processed_event (event_id)
    SELECT ${key} FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id`.execute(db);
  return rows.length > 0;
}
