import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import * as answers from '../../../questions/answer.repository.js';
import { markSolved } from '../../../questions/solve.service.js';

const SOLVED_EMOJI = new Set(['white_check_mark', 'heavy_check_mark', 'ballot_box_with_check']);

/** ✅ by the asker (or a coordinator) on an answer marks it as the one that solved the question. */
export function reactionAdded(deps: Deps) {
  return async ({ event, client }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'reaction_added'>) => {
    if (!SOLVED_EMOJI.has(event.reaction) || event.item.type !== 'message') return;
    const answer = await answers.findAnswerByMessage(deps.db, event.item.channel, event.item.ts);
    if (!answer) return;
    // Anyone else's ✅ is just a reaction: markSolved checks who may solve and does nothing for others.
    await markSolved(deps, client, { answerId: answer.id, byUserId: event.user });
  };
}
