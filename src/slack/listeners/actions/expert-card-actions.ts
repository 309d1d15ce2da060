import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { publishHome } from '../../../digest/home/home.service.js';
import { notMyArea, snooze } from '../../../questions/expert-actions.service.js';
import * as questions from '../../../questions/question.repository.js';
import * as routings from '../../../questions/routing.repository.js';
import { expertAnswerModal, expertHandoffModal } from '../../blocks/expert-modals.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

const STALE = 'This question has already been handled — nothing more to do here.';

/** Tells the clicker something: in place when the click came from a message, by DM when it came from the Home tab. */
async function tell(args: ButtonArgs, text: string) {
  const userId = args.body.user.id;
  const channel = args.body.channel?.id;
  if (channel) {
    await args.client.chat.postEphemeral({ channel, user: userId, text });
    return;
  }
  const dm = await args.client.conversations.open({ users: userId });
  if (dm.channel?.id) await args.client.chat.postMessage({ channel: dm.channel.id, text });
}

/** The Home tab lists routed questions with these same buttons; after acting there, show the new state. */
async function refreshHomeIfThere(deps: Deps, args: ButtonArgs) {
  if (args.body.view?.type !== 'home') return;
  const teamId = args.body.team?.id ?? args.body.user.team_id ?? '';
  await publishHome(deps, args.client, { teamId, userId: args.body.user.id });
}

/** Answer / Hand off open a modal (needs the click's trigger_id, so it happens right after the ack). */
export function expertOpensModal(deps: Deps, kind: 'answer' | 'handoff') {
  return async (args: ButtonArgs) => {
    await args.ack();
    const routingId = Number(args.action.value);
    const routing = await routings.findRouting(deps.db, routingId);
    if (!routing || routing.user_id !== args.body.user.id || !['pending', 'closed'].includes(routing.status)) {
      await tell(args, STALE);
      return;
    }
    const question = await questions.findQuestion(deps.db, routing.question_id);
    if (!question) return;
    const view =
      kind === 'answer' ? expertAnswerModal(routingId, question.title) : expertHandoffModal(routingId, question.title);
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  };
}

/** Not my area / Snooze act at once; the card is updated so a second click finds nothing to do. */
export function expertActsNow(deps: Deps, kind: 'not-my-area' | 'snooze-day' | 'snooze-week') {
  return async (args: ButtonArgs) => {
    await args.ack();
    const routingId = Number(args.action.value);
    const userId = args.body.user.id;
    const outcome =
      kind === 'not-my-area'
        ? await notMyArea(deps, args.client, routingId, userId)
        : await snooze(deps, args.client, routingId, userId, kind === 'snooze-day' ? 1 : 7);
    if (outcome.kind !== 'done') await tell(args, outcome.kind === 'refused' ? outcome.message : STALE);
    await refreshHomeIfThere(deps, args);
  };
}
