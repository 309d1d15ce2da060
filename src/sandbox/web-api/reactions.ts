import { deliverEventInBackground, reactionEvent } from '../payloads/events.js';
import type { SandboxMessage } from '../types.js';
import { type ApiContext, type ApiHandler, fail } from './args.js';
import { channelForBotRead } from './common.js';

function target({ core, args }: ApiContext): { message: SandboxMessage; name: string } {
  const channelId = args.string('channel');
  const ts = args.string('timestamp');
  if (!channelId || !ts) return fail('no_item_specified');
  const channel = channelForBotRead(core, channelId);
  const message = core.messages.find(channel.id, ts);
  if (!message) return fail('message_not_found');
  const name = (args.string('name') ?? '').replace(/^:|:$/g, '');
  if (!/^[a-z0-9_+'-]+(::skin-tone-\d)?$/.test(name)) return fail('invalid_name');
  return { message, name };
}

const add: ApiHandler = (ctx) => {
  const { message, name } = target(ctx);
  const user = ctx.core.identity.botUserId;
  if (!ctx.core.messages.addReaction(message, name, user)) return fail('already_reacted');
  deliverEventInBackground(ctx.core, reactionEvent(ctx.core, 'reaction_added', { user, reaction: name, message }));
  return {};
};

const remove: ApiHandler = (ctx) => {
  const { message, name } = target(ctx);
  const user = ctx.core.identity.botUserId;
  if (!ctx.core.messages.removeReaction(message, name, user)) return fail('no_reaction');
  deliverEventInBackground(ctx.core, reactionEvent(ctx.core, 'reaction_removed', { user, reaction: name, message }));
  return {};
};

/** reactions.add and reactions.remove. */
export const reactionMethods: Record<string, ApiHandler> = {
  'reactions.add': add,
  'reactions.remove': remove,
};
