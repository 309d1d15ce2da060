import { textTooLong } from '../block-limits.js';
import type { SandboxCore } from '../core.js';
import type { SandboxChannel } from '../types.js';
import { fail } from './args.js';

/**
 * Resolves the `channel` argument of a bot write: a conversation id, a `#name`, or a user id (Slack then uses the
 * app's DM with that user). Fails as Slack does for unknown, hidden, archived or not-joined conversations.
 */
export function channelForBotWrite(core: SandboxCore, id: string | undefined): SandboxChannel {
  const channel = channelForBotRead(core, id);
  if (channel.isArchived) fail('is_archived');
  if (!channel.members.has(core.identity.botUserId)) fail('not_in_channel');
  return channel;
}

/** Resolves a conversation the bot reads; private ones it is not in are invisible (`channel_not_found`). */
export function channelForBotRead(core: SandboxCore, id: string | undefined): SandboxChannel {
  if (!id) return fail('channel_not_found');
  if (/^[UW]/.test(id) && core.state.users.has(id)) return core.state.openConversation([id]).channel;
  const channel = id.startsWith('#')
    ? [...core.state.channels.values()].find((c) => c.name === id.slice(1))
    : core.state.channels.get(id);
  if (!channel || !core.state.botCanSee(channel)) return fail('channel_not_found');
  return channel;
}

/**
 * Validates a message payload (blocks against the Block Kit schema + limits, text length, something to show) and
 * records every rejection in `validationFailures`, so tests can assert none happened.
 */
export function checkMessagePayload(
  core: SandboxCore,
  method: string,
  payload: { text?: string; blocks?: unknown; attachments?: unknown },
): void {
  const hasBlocks = Array.isArray(payload.blocks) && payload.blocks.length > 0;
  const hasAttachments = Array.isArray(payload.attachments) && payload.attachments.length > 0;
  if (payload.blocks !== undefined && !Array.isArray(payload.blocks))
    reject(core, method, 'invalid_blocks_format', ['blocks must be an array'], payload);
  if (!payload.text && !hasBlocks && !hasAttachments) fail('no_text');
  if (textTooLong(payload.text)) reject(core, method, 'msg_too_long', ['text is over 40000 characters'], payload);
  const errors = core.validator.validateMessage(payload);
  if (errors.length > 0) reject(core, method, 'invalid_blocks', errors, payload);
}

/** Records a validation failure and answers the Slack error with its `errors` detail. */
export function reject(core: SandboxCore, method: string, code: string, errors: string[], payload: unknown): never {
  core.validationFailures.push({ method, errors, payload, at: Date.now() });
  return fail(code, { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
}
