import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, webApi } from '@slack/bolt';
import { findCommunityByChannel } from '../../../communities/community.repository.js';
import type { Deps } from '../../../deps.js';
import { recordKbActivity } from '../../../knowledge/kb.service.js';
import { insertEntry, searchEntries } from '../../../knowledge/knowledge.repository.js';
import { isNearDuplicate } from '../../../knowledge/save.js';
import { scopeForUser } from '../../../knowledge/visibility.js';
import { kbSaveModal, parseSaveMetadata } from '../../blocks/knowledge-save.js';

/** Private channels, DMs and group DMs make private entries; only public channels make public ones. */
async function sourceVisibility(client: webApi.WebClient, channel: string): Promise<'public' | 'private'> {
  try {
    const info = await client.conversations.info({ channel });
    const c = info.channel;
    return c && !c.is_private && !c.is_im && !c.is_mpim ? 'public' : 'private';
  } catch {
    return 'private'; // Fail closed: if Slack can't tell us, treat the source as private.
  }
}

/**
 * Saves the modal: first checks for a near-duplicate the user may see (answering with the warning variant of the
 * modal unless they already chose **Save anyway**), then stores the entry with the source's visibility.
 */
export function kbSaveSubmitted(deps: Deps) {
  return async ({ ack, view, body, client, logger }: AllMiddlewareArgs & SlackViewMiddlewareArgs) => {
    const meta = parseSaveMetadata(view.private_metadata);
    const v = view.state.values;
    const title = v.title?.value?.value?.trim() ?? '';
    const question = v.question?.value?.value?.trim() ?? '';
    const answer = v.answer?.value?.value?.trim() ?? '';
    const tags = (v.tags?.value?.value ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    if (!meta || !title || !answer) {
      await ack({
        response_action: 'errors',
        errors: title ? { answer: 'Please add the answer.' } : { title: 'Please add a title.' },
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    if (!meta.force) {
      const scope = await scopeForUser(deps, client, teamId, body.user.id);
      const hits = await searchEntries(deps.db, scope, title, { limit: 5, anyWord: true });
      const duplicate = hits.find((h) => isNearDuplicate(title, h.entry))?.entry;
      if (duplicate) {
        const draft = { title, question, answer, tags, answererId: meta.answererId, contributors: meta.contributors };
        await ack({ response_action: 'update', view: kbSaveModal(draft, { ...meta, force: true }, duplicate) });
        return;
      }
    }
    // Saved before the ack (three quick calls and one INSERT) so a failure can be shown in the modal.
    let saved = false;
    try {
      const [visibility, permalink, community] = await Promise.all([
        sourceVisibility(client, meta.channel),
        client.chat.getPermalink({ channel: meta.channel, message_ts: meta.ts }).then(
          (r) => r.permalink ?? null,
          () => null,
        ),
        findCommunityByChannel(deps.db, meta.channel),
      ]);
      const { entry } = await insertEntry(deps.db, {
        teamId,
        communityId: community?.id ?? null,
        questionId: null,
        title,
        question,
        answer,
        otherReplies: '',
        tags,
        contributors: meta.contributors,
        authorId: body.user.id,
        answererId: meta.answererId,
        sourceChannelId: meta.channel,
        sourceTs: meta.ts,
        permalink,
        visibility,
      });
      await recordKbActivity(deps, entry, body.user.id, 'knowledge_created', meta.channel);
      saved = true;
    } catch (error) {
      logger.error('kb save failed', error);
    }
    await ack(saved ? undefined : { response_action: 'errors', errors: { title: 'Saving failed; please try again.' } });
  };
}
