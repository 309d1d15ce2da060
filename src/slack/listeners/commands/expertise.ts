import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import * as communities from '../../../communities/community.repository.js';
import type { Deps } from '../../../deps.js';
import { expertiseOf, expertsFor } from '../../../expertise/expertise.repository.js';
import { ensureMember } from '../../../members/member.service.js';
import { normalizeTag, synonymOf } from '../../../questions/tags.js';
import { expertiseModal } from '../../blocks/expertise-modal.js';
import { escapeAndTruncate } from '../../text.js';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** `/expertise`: opens the modal (tags from the channel's community vocabulary, if it is one). */
export function expertiseCommand(deps: Deps) {
  return async ({ ack, command, client }: CommandArgs) => {
    await ack();
    const community = await communities.findCommunityByChannel(deps.db, command.channel_id);
    const vocabulary = community ? (await communities.loadVocabulary(deps.db, community.id)).tags : [];
    const member = await ensureMember(deps, client, command.team_id, command.user_id);
    const expertise = await expertiseOf(deps.db, command.team_id, command.user_id);
    await client.views.open({ trigger_id: command.trigger_id, view: expertiseModal(vocabulary, expertise, member) });
  };
}

/** `/experts <tag>`: who knows this, by accepted and total answers, declared experts included. */
export function expertsCommand(deps: Deps) {
  return async ({ ack, command, respond }: CommandArgs) => {
    await ack();
    const raw = command.text.trim();
    if (!raw) {
      await respond({ response_type: 'ephemeral', text: 'Which topic? Try `/experts postgres`.' });
      return;
    }
    const community = await communities.findCommunityByChannel(deps.db, command.channel_id);
    const synonyms = community ? (await communities.loadVocabulary(deps.db, community.id)).synonyms : {};
    const normalized = normalizeTag(raw);
    const tag = synonymOf(synonyms, normalized) ?? normalized;
    const experts = await expertsFor(deps.db, command.team_id, tag);
    const shown = escapeAndTruncate(tag, 40);
    await respond({
      response_type: 'ephemeral',
      text: experts.length
        ? `*Who knows #${shown}:*\n${experts
            .map(
              (e) =>
                `• <@${e.user_id}> — ${e.answers + e.accepted} answers, ${e.accepted} accepted${e.declared ? ' · declared' : ''}`,
            )
            .join('\n')}`
        : `Nobody has declared or earned #${shown} yet. Ask with \`/ask … #${shown}\` and the answerer will be the first.`,
    });
  };
}
