import { isObject } from '../block-limits.js';
import type { SandboxCore } from '../core.js';
import { slashCommandForm } from '../payloads/interactions.js';
import type { JsonObject } from '../types.js';
import { SlackApiError } from '../web-api/args.js';
import { postAsBot } from '../web-api/chat.js';
import { checkMessagePayload } from '../web-api/common.js';
import { type AppAnswer, idOf, type Ref } from './refs.js';

/**
 * A user runs a slash command. Slack sends the signed form with a fresh trigger_id and response_url, and shows a
 * JSON ack body as a message (ephemeral unless `response_type: in_channel`); an invalid ack body is recorded as a
 * validation failure, as Slack would refuse to show it.
 */
export async function slashCommand(
  core: SandboxCore,
  input: { user: Ref; channel: Ref; command: string; text?: string },
): Promise<AppAnswer> {
  const user = core.state.requireUser(idOf(input.user));
  const channel = core.state.requireChannel(idOf(input.channel));
  const triggerId = core.triggers.issue(user.id);
  const path = core.responseUrls.issue(core.identity.teamId, { origin: 'command', user: user.id, channel: channel.id });
  const responseUrl = `${core.baseUrl}${path}`;
  const form = slashCommandForm(core, {
    user,
    channel,
    command: input.command,
    text: input.text ?? '',
    responseUrl,
    triggerId,
  });
  const delivery = await core.delivery.send({
    kind: 'slash_command',
    body: new URLSearchParams(form).toString(),
    contentType: 'application/x-www-form-urlencoded',
    payload: form,
  });
  if (delivery.status === 200) showAckBody(core, delivery.body, user.id, channel.id);
  return { status: delivery.status, body: delivery.body, ms: delivery.ms, triggerId, responseUrl };
}

function showAckBody(core: SandboxCore, body: string, user: string, channel: string): void {
  if (!body.trim().startsWith('{')) return;
  const ack: unknown = JSON.parse(body);
  if (!isObject(ack) || (ack.text === undefined && ack.blocks === undefined)) return;
  const text = typeof ack.text === 'string' ? ack.text : '';
  try {
    checkMessagePayload(core, 'slash_command_ack', { text, blocks: ack.blocks });
  } catch (error) {
    if (error instanceof SlackApiError) return;
    throw error;
  }
  const blocks = Array.isArray(ack.blocks) ? (ack.blocks as JsonObject[]) : undefined;
  if (ack.response_type === 'in_channel') postAsBot(core, { channel, text, blocks });
  else core.messages.addEphemeral({ channel, user, text, blocks, source: 'ack' });
}
