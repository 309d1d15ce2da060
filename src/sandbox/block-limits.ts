/**
 * Payload-level Block Kit rules the JSON Schema does not enforce (shared/docs/slack-testing.md §2d, §3):
 * - 50 blocks per message, 100 per modal or Home tab;
 * - block_id unique within the payload, action_id unique within its block (Slack's documented scopes: the same
 *   action_id in two different blocks is legal and common, e.g. one "Answer" button per question card);
 * - markdown blocks share a cumulative 12,000-char budget;
 * - message text ≤ 40,000 chars (reported by the caller as msg_too_long, Slack's error for it).
 */
export function payloadLimitErrors(input: {
  blocks: unknown;
  text?: unknown;
  maxBlocks: number;
  pointer: string;
}): string[] {
  const errors: string[] = [];
  const blocks = Array.isArray(input.blocks) ? (input.blocks as unknown[]) : [];
  if (blocks.length > input.maxBlocks) {
    errors.push(`must NOT have more than ${input.maxBlocks} items [json-pointer:${input.pointer}]`);
  }
  const blockIds = new Map<string, number>();
  let markdownChars = 0;
  blocks.forEach((block, index) => {
    if (!isObject(block)) return;
    if (typeof block.block_id === 'string') {
      const first = blockIds.get(block.block_id);
      if (first !== undefined) {
        errors.push(
          `duplicate block_id "${block.block_id}" (also at ${first}) [json-pointer:${input.pointer}/${index}/block_id]`,
        );
      } else blockIds.set(block.block_id, index);
    }
    if (block.type === 'markdown' && typeof block.text === 'string') markdownChars += block.text.length;
    const actionIds = new Set<string>();
    elementsOf(block).forEach(({ element, path }) => {
      if (typeof element.action_id !== 'string') return;
      if (actionIds.has(element.action_id)) {
        errors.push(
          `duplicate action_id "${element.action_id}" in one block [json-pointer:${input.pointer}/${index}${path}/action_id]`,
        );
      }
      actionIds.add(element.action_id);
    });
  });
  if (markdownChars > 12_000) {
    errors.push(
      `markdown blocks total ${markdownChars} chars, over the 12000 cumulative limit [json-pointer:${input.pointer}]`,
    );
  }
  return errors;
}

/** True when `text` exceeds the 40,000-char message limit. */
export function textTooLong(text: unknown): boolean {
  return typeof text === 'string' && text.length > 40_000;
}

/** Interactive elements of a block with their JSON pointer suffix (actions/context elements, accessory, input element). */
export function elementsOf(block: Record<string, unknown>): { element: Record<string, unknown>; path: string }[] {
  const found: { element: Record<string, unknown>; path: string }[] = [];
  if (Array.isArray(block.elements)) {
    block.elements.forEach((element, i) => {
      if (isObject(element)) found.push({ element, path: `/elements/${i}` });
    });
  }
  if (isObject(block.accessory)) found.push({ element: block.accessory, path: '/accessory' });
  if (isObject(block.element)) found.push({ element: block.element, path: '/element' });
  return found;
}

/** Narrows unknown JSON to a plain object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
