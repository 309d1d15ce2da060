import type { Deps } from '../../../src/deps.js';

/** A posted message as the fake Slack keeps it. */
export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/**
 * Just enough of the Web API for the digest processor: conversations.open/history, chat.postMessage/getPermalink and
 * filesUploadV2. `failAfterPost` makes the next chat.postMessage succeed on "Slack's side" and then throw, like a
 * worker that dies between posting and recording.
 */
export function createFakeSlack() {
  const messages: FakeMessage[] = [];
  const uploads: Array<{ filename: string; bytes: number; alt_text?: string }> = [];
  let seq = 0;
  const state = { failAfterPost: 0 };
  const client = {
    conversations: {
      open: async ({ users }: { users: string }) => ({ ok: true, channel: { id: `D_${users}` } }),
      history: async ({ channel, oldest }: { channel: string; oldest?: string }) => ({
        ok: true,
        messages: messages.filter((m) => m.channel === channel && Number(m.ts) >= Number(oldest ?? 0)).reverse(),
        response_metadata: { next_cursor: '' },
      }),
    },
    chat: {
      postMessage: async (args: Omit<FakeMessage, 'ts'>) => {
        seq += 1;
        const ts = `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, '0')}`;
        messages.push({ channel: args.channel, ts, text: args.text, blocks: args.blocks, metadata: args.metadata });
        if (state.failAfterPost > 0) {
          state.failAfterPost -= 1;
          throw new Error('worker died after Slack accepted the message');
        }
        return { ok: true, channel: args.channel, ts };
      },
      getPermalink: async ({ channel, message_ts }: { channel: string; message_ts: string }) => ({
        ok: true,
        permalink: `https://fake.slack.com/archives/${channel}/p${message_ts.replace('.', '')}`,
      }),
    },
    filesUploadV2: async (args: { filename: string; file: Buffer; alt_text?: string }) => {
      uploads.push({ filename: args.filename, bytes: args.file.length, alt_text: args.alt_text });
      return { ok: true, files: [{ ok: true, files: [{ id: `F${uploads.length}` }] }] };
    },
  };
  return { client: client as unknown as Deps['slack'], messages, uploads, state };
}
