import type { ServerResponse } from 'node:http';
import { withGeneratedIds } from './block-ids.js';
import { isObject } from './block-limits.js';
import type { SandboxCore } from './core.js';
import { sendJson } from './http.js';
import { deliverEventInBackground, messageChangedEvent, messageDeletedEvent } from './payloads/events.js';
import type { ResponseUrlTarget } from './response-urls.js';
import { messageJson } from './serialize.js';
import type { JsonObject } from './types.js';
import { SlackApiError } from './web-api/args.js';
import { postAsBot } from './web-api/chat.js';
import { checkMessagePayload } from './web-api/common.js';

/**
 * Serves a POST to a response_url: validates the message like chat.postMessage, then applies it the way Slack does
 * (ephemeral by default, `in_channel` posts, `replace_original` / `delete_original` act on the source message).
 */
export function serveResponseUrl(core: SandboxCore, path: string, rawBody: Buffer, res: ServerResponse): void {
  const url = `${core.baseUrl}${path}`;
  let body: JsonObject = {};
  const done = (status: number, origin: ResponseUrlTarget['origin'], error?: string) => {
    core.responseUrlPosts.push({ url, origin, body, status, error, at: Date.now() });
    sendJson(res, status, error ? { ok: false, error } : { ok: true });
  };
  const use = core.responseUrls.use(path);
  if (!use.ok) {
    done(use.status, path.startsWith('/commands/') ? 'command' : 'block_actions', use.error);
    return;
  }
  const target = use.target;
  try {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
    if (!isObject(parsed)) throw new SlackApiError('invalid_payload');
    body = parsed;
    apply(core, target, body);
    done(200, target.origin);
  } catch (error) {
    const code = error instanceof SlackApiError ? error.code : 'invalid_payload';
    done(400, target.origin, code);
  }
}

function apply(core: SandboxCore, target: ResponseUrlTarget, body: JsonObject): void {
  const original = target.messageTs ? core.messages.find(target.channel, target.messageTs) : undefined;
  if (body.delete_original === true) {
    if (target.ephemeral) {
      const index = core.messages.ephemerals.findIndex((e) => e.ts === target.messageTs);
      if (index >= 0) core.messages.ephemerals.splice(index, 1);
    } else if (original) {
      const previous = messageJson(core, original, { inEvent: true });
      core.messages.remove(original.channel, original.ts);
      deliverEventInBackground(
        core,
        messageDeletedEvent(core, previous, core.state.requireChannel(original.channel), original.ts),
      );
    }
    return;
  }
  const text = typeof body.text === 'string' ? body.text : '';
  checkMessagePayload(core, 'response_url', { text, blocks: body.blocks, attachments: body.attachments });
  const blocks = withGeneratedIds(body.blocks, () => core.ids.shortId());
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : target.threadTs;
  if (body.replace_original === true && target.messageTs) {
    const ephemeral = target.ephemeral ? core.messages.ephemerals.find((e) => e.ts === target.messageTs) : undefined;
    if (ephemeral) Object.assign(ephemeral, { text, blocks });
    else if (original) {
      const previous = messageJson(core, original, { inEvent: true });
      Object.assign(original, { text, blocks, edited: { user: core.identity.botUserId, ts: core.ids.nextTs() } });
      deliverEventInBackground(core, messageChangedEvent(core, previous, original));
    }
    return;
  }
  if (body.response_type === 'in_channel') {
    postAsBot(core, { channel: target.channel, text, blocks, threadTs });
    return;
  }
  core.messages.addEphemeral({
    channel: target.channel,
    user: target.user,
    text,
    blocks,
    threadTs,
    source: 'response_url',
  });
}
