import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { needsOnlyRecording, recordMessageActivity } from '../listeners/events/message.js';

/**
 * Global middleware, ahead of the delivery claim: a message event that Praxis only records (a channel message, a bot
 * post, a file share, a reply in a thread that is not a question's — not an edit, a deletion or an answer) is recorded
 * here and goes no further. It needs no claim because its one effect, the activity row, is keyed by the message
 * (channel + ts) and written with ON CONFLICT DO NOTHING, so Slack's redeliveries record nothing new; and it needs none
 * of the ~40 listeners, which Bolt would otherwise run one by one to find the single one that matches. At a busy
 * channel's rate this is most of the app's work (docs/benchmarks.md, ingest_eps). Bolt acknowledges Events API
 * requests before any middleware runs, so the ack is unchanged.
 */
export function recordOnlyMessages(deps: Deps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const envelope = body as { type?: string; event?: Parameters<typeof needsOnlyRecording>[1] };
    const message = envelope.type === 'event_callback' ? envelope.event : undefined;
    if (message === undefined || !(await needsOnlyRecording(deps, message))) {
      await next();
      return;
    }
    await recordMessageActivity(deps, message as Parameters<typeof recordMessageActivity>[1]);
  };
}
