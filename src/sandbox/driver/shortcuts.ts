import type { SandboxCore } from '../core.js';
import { sendInteraction } from '../payloads/interactions.js';
import { messageJson } from '../serialize.js';
import { type AppAnswer, idOf, type Ref } from './refs.js';

/**
 * A user picks a message shortcut from a message's ⋯ menu. Slack sends a signed `message_action` payload with the
 * message, a fresh trigger_id (single use, 3 s) and a response_url for the conversation.
 */
export async function messageShortcut(
  core: SandboxCore,
  input: { user: Ref; channel: Ref; ts: string; callbackId: string },
): Promise<AppAnswer> {
  const user = core.state.requireUser(idOf(input.user));
  const channel = core.state.requireChannel(idOf(input.channel));
  const message = core.messages.thread(channel.id, input.ts).find((m) => m.ts === input.ts);
  if (!message) throw new Error(`Slack sandbox: no message ${input.ts} in ${channel.id}`);
  const triggerId = core.triggers.issue(user.id);
  const path = core.responseUrls.issue(core.identity.teamId, {
    origin: 'block_actions',
    user: user.id,
    channel: channel.id,
  });
  const responseUrl = `${core.baseUrl}${path}`;
  const delivery = await sendInteraction(core, {
    type: 'message_action',
    token: core.identity.verificationToken,
    callback_id: input.callbackId,
    trigger_id: triggerId,
    action_ts: core.ids.nextTs(),
    team: { id: core.identity.teamId, domain: core.identity.teamDomain },
    user: { id: user.id, name: user.name, team_id: core.identity.teamId },
    channel: { id: channel.id, name: channel.name },
    message: messageJson(core, message),
    message_ts: message.ts,
    response_url: responseUrl,
  });
  return { status: delivery.status, body: delivery.body, ms: delivery.ms, triggerId, responseUrl };
}
