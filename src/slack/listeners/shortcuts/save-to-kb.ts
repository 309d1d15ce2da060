import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { draftFromThread, type ThreadMessage } from '../../../knowledge/save.js';
import { kbSaveModal } from '../../blocks/knowledge-save.js';

/** Callback id of the message shortcut (declared in manifest.yml). */
export const SAVE_TO_KB = 'save_to_kb';

/**
 * "Save to knowledge base" on any message: reads its thread and opens the save modal prefilled from it. When the
 * thread can't be read (the bot is not in the channel), the clicked message alone is the draft.
 */
export function saveToKbShortcut(_deps: Deps) {
  return async ({
    ack,
    shortcut,
    client,
    logger,
  }: AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>) => {
    await ack();
    const channel = shortcut.channel.id;
    const parentTs = shortcut.message.thread_ts ?? shortcut.message.ts;
    let messages: ThreadMessage[] = [
      { user: shortcut.message.user, text: shortcut.message.text, ts: shortcut.message.ts },
    ];
    try {
      const thread = await client.conversations.replies({ channel, ts: parentTs, limit: 200 });
      if (thread.messages?.length) messages = thread.messages;
    } catch (error) {
      logger.warn('save_to_kb: could not read the thread, using the message alone', error);
    }
    const draft = draftFromThread(messages);
    try {
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: kbSaveModal(draft, {
          channel,
          ts: parentTs,
          answererId: draft.answererId,
          contributors: draft.contributors.slice(0, 30),
          force: false,
        }),
      });
    } catch (error) {
      logger.error('save_to_kb: could not open the modal', error);
    }
  };
}
