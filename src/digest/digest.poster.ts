import type { Deps } from '../deps.js';
import { findMessageByMetadata } from '../slack/find-by-metadata.js';
import { DIGEST_EVENT_TYPE, type DigestMessage } from './blocks.js';
import { type DigestRow, recordPostIntent, recordPostTs } from './digest.repository.js';
import type { ChannelThrottle } from './throttle.js';

/** Where one copy of the digest goes. `key` is stable per destination ("dm:U123", "channel:C123"). */
export interface Destination {
  key: string;
  /** The conversation to post in (for a DM: the IM channel from conversations.open). */
  channel: string;
}

// How far before the recorded intent a retry looks for an already-posted copy (clock skew between hosts).
const LOOKBACK_MS = 5 * 60_000;

/**
 * Posts one copy of the digest exactly once. The intent is committed before Slack is called; if a previous attempt
 * died between posting and recording the ts, the intent is there and the retry looks for a message carrying this
 * digest's metadata in the conversation's recent history before posting again.
 * Returns the message ts and whether this call posted it.
 */
export async function postOnce(
  deps: Pick<Deps, 'db' | 'slack' | 'logger' | 'now'>,
  digest: Pick<DigestRow, 'id' | 'posts'>,
  destination: Destination,
  message: DigestMessage,
  throttle: ChannelThrottle,
): Promise<{ ts: string; posted: boolean }> {
  const previous = digest.posts.find((p) => p.destination === destination.key);
  if (previous?.ts) return { ts: previous.ts, posted: false };
  if (previous) {
    const found = await findPostedCopy(
      deps,
      digest.id,
      { key: destination.key, channel: previous.channel },
      previous.intent_at,
    );
    if (found) {
      await recordPostTs(deps.db, digest.id, destination.key, found);
      deps.logger.info(
        { digestId: digest.id, destination: destination.key },
        'digest copy found after a crash; not posting again',
      );
      return { ts: found, posted: false };
    }
  } else {
    await recordPostIntent(deps.db, digest.id, {
      destination: destination.key,
      channel: destination.channel,
      intentAt: deps.now(),
    });
  }
  await throttle.wait(destination.channel);
  const res = await deps.slack.chat.postMessage({
    channel: previous?.channel ?? destination.channel,
    text: message.text,
    blocks: message.blocks,
    metadata: message.metadata,
    unfurl_links: false,
  });
  if (!res.ts) throw new Error(`chat.postMessage returned no ts for digest ${digest.id}`);
  await recordPostTs(deps.db, digest.id, destination.key, res.ts);
  return { ts: res.ts, posted: true };
}

/** Looks for this digest's copy in the conversation's history since (just before) the recorded intent. */
async function findPostedCopy(
  deps: Pick<Deps, 'slack'>,
  digestId: number,
  destination: Destination,
  intentAt: string | undefined,
): Promise<string | null> {
  const since = intentAt ? new Date(intentAt).getTime() - LOOKBACK_MS : 0;
  return findMessageByMetadata(
    deps.slack,
    destination.channel,
    since,
    (meta) =>
      meta.event_type === DIGEST_EVENT_TYPE &&
      Number(meta.event_payload?.digest_id) === digestId &&
      (meta.event_payload?.destination ?? destination.key) === destination.key,
  );
}
