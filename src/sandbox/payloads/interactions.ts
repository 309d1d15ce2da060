import type { SandboxCore } from '../core.js';
import { messageJson } from '../serialize.js';
import { viewJson } from '../serialize-view.js';
import type {
  Delivery,
  JsonObject,
  SandboxChannel,
  SandboxEphemeral,
  SandboxMessage,
  SandboxUser,
  SandboxView,
} from '../types.js';

/** `user` and `team` objects of interaction payloads (java-slack-sdk samples/app-backend). */
function who(core: SandboxCore, user: SandboxUser): JsonObject {
  return {
    team: { id: core.identity.teamId, domain: core.identity.teamDomain },
    user: { id: user.id, username: user.name, name: user.name, team_id: core.identity.teamId },
    api_app_id: core.identity.appId,
    token: core.identity.verificationToken,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** Form fields of a slash command (samples/app-backend/slash-commands/SlashCommandPayload.json). */
export function slashCommandForm(
  core: SandboxCore,
  input: {
    user: SandboxUser;
    channel: SandboxChannel;
    command: string;
    text: string;
    responseUrl: string;
    triggerId: string;
  },
): Record<string, string> {
  const channelName = input.channel.isIm ? 'directmessage' : input.channel.isMpim ? 'privategroup' : input.channel.name;
  return {
    token: core.identity.verificationToken,
    team_id: core.identity.teamId,
    team_domain: core.identity.teamDomain,
    channel_id: input.channel.id,
    channel_name: channelName,
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    api_app_id: core.identity.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

/** Where a block action happened. */
export type ActionSurface =
  | { kind: 'message'; channel: SandboxChannel; message: SandboxMessage }
  | { kind: 'ephemeral'; channel: SandboxChannel; ephemeral: SandboxEphemeral }
  | { kind: 'view'; view: SandboxView };

/** A block_actions payload (samples/app-backend/interactive-components/BlockActionPayload.json). */
export function blockActionsPayload(
  core: SandboxCore,
  input: { user: SandboxUser; surface: ActionSurface; action: JsonObject; triggerId: string; responseUrl?: string },
): JsonObject {
  const { surface } = input;
  const payload: JsonObject = { type: 'block_actions', ...who(core, input.user), trigger_id: input.triggerId };
  if (surface.kind === 'view') {
    Object.assign(payload, {
      container: { type: 'view', view_id: surface.view.id },
      view: viewJson(core, surface.view),
      state: { values: surface.view.stateValues },
    });
  } else {
    const ts = surface.kind === 'message' ? surface.message.ts : surface.ephemeral.ts;
    const threadTs = surface.kind === 'message' ? surface.message.threadTs : surface.ephemeral.threadTs;
    Object.assign(payload, {
      container: {
        type: 'message',
        message_ts: ts,
        channel_id: surface.channel.id,
        is_ephemeral: surface.kind === 'ephemeral',
        ...(threadTs && threadTs !== ts ? { thread_ts: threadTs } : {}),
      },
      channel: { id: surface.channel.id, name: surface.channel.isIm ? 'directmessage' : surface.channel.name },
      // Slack does not send the message body for ephemeral messages.
      ...(surface.kind === 'message' ? { message: messageJson(core, surface.message) } : {}),
      state: { values: {} },
      response_url: input.responseUrl,
    });
  }
  payload.actions = [input.action];
  return payload;
}

/** A view_submission payload (samples/app-backend/views/ViewSubmissionPayload.json). */
export function viewSubmissionPayload(
  core: SandboxCore,
  user: SandboxUser,
  view: SandboxView,
  triggerId: string,
): JsonObject {
  return { type: 'view_submission', ...who(core, user), trigger_id: triggerId, view: viewJson(core, view) };
}

/** A view_closed payload (samples/app-backend/views/ViewClosedPayload.json). */
export function viewClosedPayload(
  core: SandboxCore,
  user: SandboxUser,
  view: SandboxView,
  isCleared: boolean,
): JsonObject {
  return { type: 'view_closed', ...who(core, user), view: viewJson(core, view), is_cleared: isCleared };
}

/** Sends an interaction payload as Slack does: form-encoded `payload=<json>`, signed. */
export function sendInteraction(core: SandboxCore, payload: JsonObject): Promise<Delivery> {
  return core.delivery.send({
    kind: String(payload.type),
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    payload,
  });
}
