import type { webApi } from '@slack/bolt';

/** Message metadata as Slack returns it in conversations.history (with include_all_metadata). */
export interface MessageMetadata {
  event_type?: string;
  event_payload?: Record<string, unknown>;
}

/**
 * The ts of the newest-first message in `channel` since `sinceMs` (or, with `threadTs`, of a reply in that thread)
 * whose metadata `matches`, or null. Used before posting again after a crash: a post whose ts was never recorded is
 * recognised by the metadata the bot put on it. Reads at most 5 pages of 200 messages.
 */
export async function findMessageByMetadata(
  slack: webApi.WebClient,
  channel: string,
  sinceMs: number,
  matches: (metadata: MessageMetadata) => boolean,
  threadTs?: string,
): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const window = {
      channel,
      oldest: (Math.max(0, sinceMs) / 1000).toFixed(6),
      include_all_metadata: true,
      limit: 200,
      cursor,
    };
    const res = threadTs
      ? await slack.conversations.replies({ ...window, ts: threadTs })
      : await slack.conversations.history(window);
    for (const m of res.messages ?? []) {
      const metadata = m.metadata as MessageMetadata | undefined;
      if (metadata && m.ts && matches(metadata)) return m.ts;
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return null;
}
