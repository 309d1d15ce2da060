import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { solvedBySuggestion, stillNeedHelp } from '../../../questions/suggestion.service.js';
import { SUGGESTION_SOLVED } from '../../blocks/suggestions.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

const ONLY_ASKER = 'Only the person who asked can say whether this solved it.';

async function replaceButtons(args: ButtonArgs, text: string) {
  const channel = args.body.channel?.id;
  const ts = args.body.message?.ts;
  if (channel && ts)
    await args.client.chat.update({ channel, ts, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
}

async function tellClicker(args: ButtonArgs, text: string) {
  const channel = args.body.channel?.id;
  if (channel) await args.client.chat.postEphemeral({ channel, user: args.body.user.id, text });
}

/** "That solved it" on a suggestion. */
export function suggestionSolved(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const [questionId, entryId] = (args.action.value ?? '').split(':').map(Number);
    const outcome = await solvedBySuggestion(deps, args.client, {
      questionId: questionId ?? 0,
      entryId: entryId ?? 0,
      userId: args.body.user.id,
    });
    if (outcome === 'not-asker') await tellClicker(args, ONLY_ASKER);
    else if (outcome === 'solved')
      await replaceButtons(args, `:white_check_mark: <@${args.body.user.id}> found the answer in *KB-${entryId}*.`);
  };
}

/** "Still need help": misses recorded, question routed to experts. */
export function suggestionStillNeedHelp(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const blocks = (args.body.message?.blocks ?? []) as Array<{ accessory?: { action_id?: string } }>;
    const suggested = blocks
      .map((b) => b.accessory?.action_id ?? '')
      .filter((id) => id.startsWith(`${SUGGESTION_SOLVED}:`))
      .map((id) => Number(id.split(':')[1]));
    const outcome = await stillNeedHelp(deps, args.client, {
      questionId: Number(args.action.value),
      userId: args.body.user.id,
      suggestedEntryIds: suggested,
    });
    if (outcome === 'not-asker') await tellClicker(args, ONLY_ASKER);
    else if (outcome === 'routing')
      await replaceButtons(args, ':mag: None of these fit — I am asking the members who know this best.');
  };
}
