import { isObject } from '../block-limits.js';
import type { SandboxCore } from '../core.js';
import { sendInteraction, viewClosedPayload, viewSubmissionPayload } from '../payloads/interactions.js';
import { type InputValue, initialStateValues, statefulElements, valueObject } from '../state-values.js';
import type { Delivery, JsonObject, SandboxView } from '../types.js';
import { SlackApiError } from '../web-api/args.js';
import { viewSpec } from '../web-api/views.js';
import { type AppAnswer, idOf, type Ref } from './refs.js';

/** What a user typed or picked: `{ [blockId]: { [actionId]: value } }`. */
export type SubmitValues = Record<string, Record<string, InputValue>>;

/** The app's answer to a view_submission, with the response_action Slack applied. */
export interface SubmitAnswer extends AppAnswer {
  responseAction?: 'errors' | 'update' | 'push' | 'clear';
  /** Field errors the app returned with response_action "errors". */
  errors?: Record<string, string>;
  /** Why Slack would refuse the app's response_action view (invalid Block Kit), if it did. */
  rejected?: string;
}

/**
 * Submits a modal: builds view.state.values as Slack does (every stateful element, untouched ones at their initial
 * value), enforces what the Slack client enforces (required inputs, unknown ids), delivers view_submission and applies
 * the ack: blank closes the view; `errors` keeps it open; `update` / `push` / `clear` act on the stack.
 */
export async function submitView(
  core: SandboxCore,
  input: { user: Ref; viewId: string; values?: SubmitValues },
): Promise<SubmitAnswer> {
  const user = core.state.requireUser(idOf(input.user));
  const view = openModal(core, user.id, input.viewId);
  view.stateValues = buildValues(view, input.values ?? {});
  const triggerId = core.triggers.issue(user.id);
  const delivery = await sendInteraction(core, viewSubmissionPayload(core, user, view, triggerId));
  const answer: SubmitAnswer = { status: delivery.status, body: delivery.body, ms: delivery.ms, triggerId };
  if (delivery.status !== 200) return answer; // Slack shows a connection error; the modal stays as it is.
  const ack: unknown = delivery.body.trim().startsWith('{') ? JSON.parse(delivery.body) : {};
  const action = isObject(ack) ? ack.response_action : undefined;
  try {
    if (action === 'errors' && isObject(ack))
      return { ...answer, responseAction: 'errors', errors: ack.errors as Record<string, string> };
    if (action === 'clear') core.views.clear(user.id);
    else if ((action === 'update' || action === 'push') && isObject(ack)) {
      const spec = viewSpec(core, `view_submission:${action}`, ack.view, 'modal');
      if (action === 'update') core.views.update({ viewId: view.id }, spec);
      else core.views.push(user.id, spec);
    } else core.views.closeTop(user.id);
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    return { ...answer, responseAction: action as SubmitAnswer['responseAction'], rejected: error.code };
  }
  return action ? { ...answer, responseAction: action as SubmitAnswer['responseAction'] } : answer;
}

/** The user closes the top modal; `view_closed` is delivered when the view asked for notify_on_close. */
export async function closeView(
  core: SandboxCore,
  input: { user: Ref; viewId: string },
): Promise<Delivery | undefined> {
  const user = core.state.requireUser(idOf(input.user));
  const view = openModal(core, user.id, input.viewId);
  core.views.closeTop(user.id);
  if (view.spec.notify_on_close !== true) return undefined;
  return sendInteraction(core, viewClosedPayload(core, user, view, false));
}

function openModal(core: SandboxCore, user: string, viewId: string): SandboxView {
  const stack = core.views.stackOf(user);
  const view = stack.at(-1);
  if (!view || view.id !== viewId) {
    throw new Error(
      `Slack sandbox: ${viewId} is not the modal on top for ${user} (stack: ${stack.map((v) => v.id).join(', ') || 'empty'})`,
    );
  }
  return view;
}

function buildValues(view: SandboxView, values: SubmitValues): SandboxView['stateValues'] {
  const state = initialStateValues(view.spec.blocks);
  const elements = statefulElements(view.spec.blocks);
  for (const [blockId, byAction] of Object.entries(values)) {
    for (const [actionId, value] of Object.entries(byAction)) {
      const found = elements.find((e) => e.blockId === blockId && e.element.action_id === actionId);
      if (!found) {
        const known = elements.map((e) => `${e.blockId}.${String(e.element.action_id)}`).join(', ');
        throw new Error(`Slack sandbox: no input ${blockId}.${actionId} in view ${view.id} (inputs: ${known})`);
      }
      const maxLength = found.element.max_length;
      if (typeof value === 'string' && typeof maxLength === 'number' && value.length > maxLength) {
        throw new Error(`Slack sandbox: ${blockId}.${actionId} is limited to ${maxLength} characters by the client`);
      }
      state[blockId] = { ...state[blockId], [actionId]: valueObject(found.element, value) };
    }
  }
  for (const { blockId, element, block } of elements) {
    if (block.type !== 'input' || block.optional === true) continue;
    if (isEmpty(state[blockId]?.[String(element.action_id)])) {
      throw new Error(`Slack sandbox: required input ${blockId} is empty; the Slack client would not submit`);
    }
  }
  return state;
}

function isEmpty(value: JsonObject | undefined): boolean {
  if (!value) return true;
  const entries = Object.entries(value).filter(([key]) => key !== 'type');
  return entries.every(([, v]) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0));
}
