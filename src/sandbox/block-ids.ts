import { elementsOf, isObject } from './block-limits.js';
import type { JsonObject } from './types.js';

/**
 * Copies blocks and fills in the `block_id`s and interactive `action_id`s the app left out, as Slack does when it
 * stores a message or view (its answers and later payloads carry generated ids such as "Xpe5").
 */
export function withGeneratedIds(blocks: unknown, shortId: () => string): JsonObject[] | undefined {
  if (!Array.isArray(blocks)) return undefined;
  return (blocks as unknown[]).filter(isObject).map((original) => {
    const block: JsonObject = structuredClone(original);
    if (block.type !== 'markdown' && typeof block.block_id !== 'string') block.block_id = shortId();
    for (const { element } of elementsOf(block)) {
      if (isInteractive(element) && typeof element.action_id !== 'string') element.action_id = shortId();
    }
    return block;
  });
}

/** Elements that send block_actions or hold input state (images, texts and rich-text sections do not). */
export function isInteractive(element: Record<string, unknown>): boolean {
  const type = element.type;
  return (
    typeof type === 'string' && !['image', 'plain_text', 'mrkdwn'].includes(type) && !type.startsWith('rich_text_')
  );
}
