import type { SandboxCore } from '../core.js';
import { type ActionSurface, blockActionsPayload, sendInteraction } from '../payloads/interactions.js';
import { findOption } from '../state-values.js';
import type { JsonObject } from '../types.js';
import { blocksOf, type FoundElement, findButton, findByActionId, findSurface } from './find.js';
import { type AppAnswer, idOf, type Ref, type SurfaceRef } from './refs.js';

/** A click on a button found by its visible label (narrowed by actionId/value when labels repeat). */
export interface ClickInput {
  user: Ref;
  label: string;
  in: SurfaceRef;
  actionId?: string;
  value?: string;
}

/** A pick in a select-like element found by action_id: an option value, a user id, a channel id or a date. */
export interface SelectInput {
  user: Ref;
  actionId: string;
  blockId?: string;
  value: string;
  in: SurfaceRef;
}

/** Clicks a button and delivers the block_actions payload; resolves with the app's ack. */
export async function clickButton(core: SandboxCore, input: ClickInput): Promise<AppAnswer> {
  const user = idOf(input.user);
  const surface = findSurface(core, user, input.in);
  const found = findButton(blocksOf(surface), input.label, input);
  const { element, block } = found;
  const action: JsonObject = {
    action_id: element.action_id,
    block_id: block.block_id,
    text: element.text,
    ...(element.value !== undefined ? { value: element.value } : {}),
    ...(element.style !== undefined ? { style: element.style } : {}),
    type: 'button',
    action_ts: core.ids.nextTs(),
  };
  return act(core, user, surface, action);
}

/** Picks a value in a static/external/users/conversations/channels select, overflow, radio group or datepicker. */
export async function selectOption(core: SandboxCore, input: SelectInput): Promise<AppAnswer> {
  const user = idOf(input.user);
  const surface = findSurface(core, user, input.in);
  const found = findByActionId(blocksOf(surface), input.actionId, input.blockId);
  return act(core, user, surface, selectAction(core, found, input.value));
}

function selectAction(core: SandboxCore, { element, block }: FoundElement, value: string): JsonObject {
  const type = String(element.type);
  const base = { type, action_id: element.action_id, block_id: block.block_id };
  const selected: Record<string, JsonObject> = {
    users_select: { selected_user: value },
    conversations_select: { selected_conversation: value },
    channels_select: { selected_channel: value },
    datepicker: { selected_date: value },
  };
  const extra =
    selected[type] ??
    (['static_select', 'external_select', 'overflow', 'radio_buttons'].includes(type)
      ? { selected_option: findOption(element, value) }
      : undefined);
  if (!extra) throw new Error(`Slack sandbox: selectOption does not handle ${type} elements`);
  const placeholder = element.placeholder !== undefined ? { placeholder: element.placeholder } : {};
  return { ...base, ...extra, ...placeholder, action_ts: core.ids.nextTs() };
}

async function act(core: SandboxCore, user: string, surface: ActionSurface, action: JsonObject): Promise<AppAnswer> {
  const triggerId = core.triggers.issue(user);
  let responseUrl: string | undefined;
  if (surface.kind !== 'view') {
    const messageTs = surface.kind === 'message' ? surface.message.ts : surface.ephemeral.ts;
    const threadTs = surface.kind === 'message' ? surface.message.threadTs : surface.ephemeral.threadTs;
    const path = core.responseUrls.issue(core.identity.teamId, {
      origin: 'block_actions',
      user,
      channel: surface.channel.id,
      messageTs,
      ephemeral: surface.kind === 'ephemeral',
      threadTs,
    });
    responseUrl = `${core.baseUrl}${path}`;
  }
  const payload = blockActionsPayload(core, {
    user: core.state.requireUser(user),
    surface,
    action,
    triggerId,
    responseUrl,
  });
  const delivery = await sendInteraction(core, payload);
  return { status: delivery.status, body: delivery.body, ms: delivery.ms, triggerId, responseUrl };
}
