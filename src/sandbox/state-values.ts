import { isInteractive } from './block-ids.js';
import { elementsOf, isObject } from './block-limits.js';
import type { JsonObject } from './types.js';

/** view.state.values: block_id → action_id → value object. */
export type StateValues = Record<string, Record<string, JsonObject>>;

/** A value a test types or picks: text, a list of option values / ids, or a raw Slack value object. */
export type InputValue = string | string[] | JsonObject;

const MULTI_ID_KEYS: Record<string, string> = {
  multi_users_select: 'selected_users',
  multi_conversations_select: 'selected_conversations',
  multi_channels_select: 'selected_channels',
};
const SINGLE_ID_KEYS: Record<string, string> = {
  users_select: 'selected_user',
  conversations_select: 'selected_conversation',
  channels_select: 'selected_channel',
  datepicker: 'selected_date',
  timepicker: 'selected_time',
};
const TEXT_TYPES = ['plain_text_input', 'email_text_input', 'url_text_input', 'number_input'];
const SINGLE_OPTION_TYPES = ['static_select', 'external_select', 'radio_buttons'];
const MULTI_OPTION_TYPES = ['multi_static_select', 'multi_external_select', 'checkboxes'];

/** Whether an element keeps input state (Slack reports it in state.values). */
export function isStateful(element: Record<string, unknown>): boolean {
  const type = String(element.type);
  return (
    isInteractive(element) &&
    (TEXT_TYPES.includes(type) ||
      SINGLE_OPTION_TYPES.includes(type) ||
      MULTI_OPTION_TYPES.includes(type) ||
      type in MULTI_ID_KEYS ||
      type in SINGLE_ID_KEYS)
  );
}

/** state.values as Slack builds it for untouched inputs: initial values, else null / []. */
export function initialStateValues(blocks: unknown): StateValues {
  const values: StateValues = {};
  for (const { blockId, element } of statefulElements(blocks)) {
    values[blockId] = { ...values[blockId], [String(element.action_id)]: valueObject(element, undefined) };
  }
  return values;
}

/** Every stateful element with its block id. */
export function statefulElements(
  blocks: unknown,
): { blockId: string; element: Record<string, unknown>; block: JsonObject }[] {
  const found: { blockId: string; element: Record<string, unknown>; block: JsonObject }[] = [];
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!isObject(block) || typeof block.block_id !== 'string') continue;
    for (const { element } of elementsOf(block)) {
      if (isStateful(element) && typeof element.action_id === 'string')
        found.push({ blockId: block.block_id, element, block });
    }
  }
  return found;
}

/**
 * The state value object for `element` holding `input` (undefined = untouched, so the initial value applies).
 * @throws Error when `input` names an option the element does not offer (a test bug, reported clearly).
 */
export function valueObject(element: Record<string, unknown>, input: InputValue | undefined): JsonObject {
  const type = String(element.type);
  if (isObject(input) && !Array.isArray(input)) return { type, ...input };
  if (TEXT_TYPES.includes(type))
    return { type, value: input === undefined ? (element.initial_value ?? null) : String(input) };
  if (SINGLE_OPTION_TYPES.includes(type)) {
    const option = input === undefined ? element.initial_option : findOption(element, String(input));
    return { type, selected_option: option ?? null };
  }
  if (MULTI_OPTION_TYPES.includes(type)) {
    const wanted = input === undefined ? undefined : [input].flat();
    return {
      type,
      selected_options: wanted ? wanted.map((v) => findOption(element, v)) : (element.initial_options ?? []),
    };
  }
  const multiKey = MULTI_ID_KEYS[type];
  if (multiKey) {
    const initial = element[multiKey.replace('selected_', 'initial_')] ?? [];
    return { type, [multiKey]: input === undefined ? initial : [input].flat() };
  }
  const key = SINGLE_ID_KEYS[type] ?? 'value';
  const initialKey = key.replace('selected_', 'initial_');
  return { type, [key]: input === undefined ? (element[initialKey] ?? null) : String(input) };
}

/** The option object (text + value) whose value is `value`. */
export function findOption(element: Record<string, unknown>, value: string): JsonObject {
  const groups = Array.isArray(element.option_groups) ? element.option_groups : [];
  const options = [
    ...(Array.isArray(element.options) ? element.options : []),
    ...groups.flatMap((g: unknown) => (isObject(g) && Array.isArray(g.options) ? g.options : [])),
  ].filter(isObject);
  const option = options.find((o) => o.value === value);
  if (!option) {
    const offered = options.map((o) => String(o.value)).join(', ');
    throw new Error(
      `Slack sandbox: option "${value}" not offered by ${String(element.action_id)} (offers: ${offered})`,
    );
  }
  return { text: option.text, value: option.value };
}
