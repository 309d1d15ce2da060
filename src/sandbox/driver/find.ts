import { elementsOf, isObject } from '../block-limits.js';
import type { SandboxCore } from '../core.js';
import type { ActionSurface } from '../payloads/interactions.js';
import type { JsonObject } from '../types.js';
import { idOf, type SurfaceRef } from './refs.js';

/** Resolves where a user interacts; throws a descriptive error when the test points at nothing. */
export function findSurface(core: SandboxCore, user: string, where: SurfaceRef): ActionSurface {
  if ('viewId' in where) {
    const view = core.views.all.get(where.viewId);
    if (!view?.open || view.user !== user)
      throw new Error(`Slack sandbox: view ${where.viewId} is not open for ${user}`);
    return { kind: 'view', view };
  }
  if ('home' in where) {
    const view = core.views.homeOf(idOf(where.home));
    if (!view) throw new Error(`Slack sandbox: the app published no Home tab for ${idOf(where.home)}`);
    return { kind: 'view', view };
  }
  const channel = core.state.requireChannel(idOf(where.channel));
  const message = core.messages.find(channel.id, where.ts);
  if (message) return { kind: 'message', channel, message };
  const ephemeral = core.messages.ephemerals.find(
    (e) => e.ts === where.ts && e.channel === channel.id && e.user === user,
  );
  if (ephemeral) return { kind: 'ephemeral', channel, ephemeral };
  throw new Error(`Slack sandbox: no message ${where.ts} in ${channel.id} visible to ${user}`);
}

/** The blocks shown on a surface. */
export function blocksOf(surface: ActionSurface): unknown[] {
  if (surface.kind === 'view') return (surface.view.spec.blocks as unknown[]) ?? [];
  return (surface.kind === 'message' ? surface.message.blocks : surface.ephemeral.blocks) ?? [];
}

/** An element located in a surface's blocks. */
export interface FoundElement {
  block: JsonObject;
  element: JsonObject;
}

/** All interactive elements of the blocks matching `predicate`. */
export function findElements(blocks: unknown[], predicate: (element: JsonObject) => boolean): FoundElement[] {
  return blocks.filter(isObject).flatMap((block) =>
    elementsOf(block)
      .map(({ element }) => ({ block, element }))
      .filter(({ element }) => predicate(element)),
  );
}

/** The one button whose visible text is `label` (narrowed by action_id / value when several match). */
export function findButton(
  blocks: unknown[],
  label: string,
  filter: { actionId?: string; value?: string },
): FoundElement {
  const buttons = findElements(blocks, (e) => e.type === 'button');
  const matches = buttons.filter(
    ({ element }) =>
      isObject(element.text) &&
      element.text.text === label &&
      (filter.actionId === undefined || element.action_id === filter.actionId) &&
      (filter.value === undefined || element.value === filter.value),
  );
  const labels = buttons
    .map(({ element }) => (isObject(element.text) ? `"${String(element.text.text)}"` : '?'))
    .join(', ');
  if (matches.length === 0) throw new Error(`Slack sandbox: no button "${label}" (buttons: ${labels || 'none'})`);
  if (matches.length > 1)
    throw new Error(`Slack sandbox: ${matches.length} buttons "${label}"; pass actionId or value to pick one`);
  return matches[0] as FoundElement;
}

/** The one element with `actionId` (narrowed by block id when it repeats across blocks). */
export function findByActionId(blocks: unknown[], actionId: string, blockId?: string): FoundElement {
  const matches = findElements(blocks, (e) => e.action_id === actionId).filter(
    ({ block }) => blockId === undefined || block.block_id === blockId,
  );
  if (matches.length !== 1) {
    throw new Error(
      `Slack sandbox: ${matches.length} elements with action_id "${actionId}"${blockId ? ` in ${blockId}` : ''}`,
    );
  }
  return matches[0] as FoundElement;
}
