import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';

/**
 * The key that identifies one delivery of something Slack sends, stable across Slack's retries:
 * the event_id for Events API envelopes; the trigger_id for commands, clicks and submissions (a redelivered
 * request carries the same one, a new click a new one). Null when a payload has neither (nothing to dedupe on).
 */
export function deliveryKey(body: Record<string, unknown>): string | null {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.command === 'string' && typeof body.trigger_id === 'string') return `command:${body.trigger_id}`;
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
    const claimed = await db
      .insertInto('processed_event')
      .values({ event_id: key })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .executeTakeFirst();
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
