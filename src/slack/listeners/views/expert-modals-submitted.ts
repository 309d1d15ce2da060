import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { answerFromDm, handOff, handOffRefusal } from '../../../questions/expert-actions.service.js';
import { EXPERT_MODAL_BLOCKS } from '../../blocks/expert-modals.js';

type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/** The expert's answer: validated, the modal closes, then it is posted in the thread. */
export function expertAnswerSubmitted(deps: Deps) {
  return async ({ ack, view, body, client }: ViewArgs) => {
    const text = view.state.values[EXPERT_MODAL_BLOCKS.answer]?.value?.value?.trim() ?? '';
    if (!text) {
      await ack({ response_action: 'errors', errors: { [EXPERT_MODAL_BLOCKS.answer]: 'Please write your answer.' } });
      return;
    }
    await ack();
    await answerFromDm(deps, client, { routingId: Number(view.private_metadata), userId: body.user.id, text });
  };
}

/** The hand-off: a person must be picked, and must be someone who can take the question. */
export function expertHandoffSubmitted(deps: Deps) {
  return async ({ ack, view, body, client }: ViewArgs) => {
    const target = view.state.values[EXPERT_MODAL_BLOCKS.person]?.value?.selected_user;
    if (!target) {
      await ack({ response_action: 'errors', errors: { [EXPERT_MODAL_BLOCKS.person]: 'Pick who should answer.' } });
      return;
    }
    const request = { routingId: Number(view.private_metadata), userId: body.user.id, targetUserId: target };
    // Known refusals (yourself, the asker, a bot, a deactivated account) keep the modal open with the reason.
    // If the database cannot say in time, the modal closes and handOff decides (and explains by DM if it refuses).
    const refusal = await handOffRefusal(deps, request).catch(() => null);
    if (refusal) {
      await ack({ response_action: 'errors', errors: { [EXPERT_MODAL_BLOCKS.person]: refusal } });
      return;
    }
    await ack();
    const note = view.state.values[EXPERT_MODAL_BLOCKS.note]?.value?.value?.trim() ?? '';
    const outcome = await handOff(deps, client, { ...request, note });
    // Only for a person Praxis had never seen, who turned out to be a bot or deactivated (a Slack look-up).
    if (outcome.kind === 'refused') {
      const dm = await client.conversations.open({ users: body.user.id });
      await client.chat.postMessage({ channel: dm.channel?.id as string, text: outcome.message });
    }
  };
}
