import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { setDeclaredTags } from '../../../expertise/expertise.repository.js';
import { setAvailability } from '../../../members/member.repository.js';
import { ensureMember } from '../../../members/member.service.js';
import { normalizeTag } from '../../../questions/tags.js';
import { EXPERTISE_BLOCKS } from '../../blocks/expertise-modal.js';

/** Saves declared tags and availability from the /expertise modal; a past "away until" date is refused. */
export function expertiseSubmitted(deps: Deps) {
  return async ({ ack, view, body, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const values = view.state.values;
    const date = values[EXPERTISE_BLOCKS.snooze]?.value?.selected_date ?? null;
    const until = date ? new Date(`${date}T00:00:00Z`) : null;
    if (until && until.getTime() < deps.now().getTime() - 86_400_000) {
      await ack({
        response_action: 'errors',
        errors: { [EXPERTISE_BLOCKS.snooze]: 'Pick a date in the future, or leave it empty.' },
      });
      return;
    }
    const capText = values[EXPERTISE_BLOCKS.cap]?.value?.value ?? '';
    const cap = capText === '' ? null : Number(capText);
    if (cap !== null && (!Number.isInteger(cap) || cap < 0)) {
      await ack({
        response_action: 'errors',
        errors: { [EXPERTISE_BLOCKS.cap]: 'A whole number of questions, like 3.' },
      });
      return;
    }
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    await ensureMember(deps, client, teamId, body.user.id);
    const picked = values[EXPERTISE_BLOCKS.tags]?.value?.selected_options?.map((o) => o.value) ?? [];
    const typed = (values[EXPERTISE_BLOCKS.newTags]?.value?.value ?? '')
      .split(/[,\s]+/)
      .map(normalizeTag)
      .filter(Boolean);
    await setDeclaredTags(deps.db, teamId, body.user.id, [...new Set([...picked, ...typed])], deps.now());
    const optOut = (values[EXPERTISE_BLOCKS.optOut]?.value?.selected_options ?? []).some((o) => o.value === 'opt_out');
    await setAvailability(deps.db, teamId, body.user.id, {
      snoozed_until: until,
      weekly_cap: cap,
      routing_opt_out: optOut,
    });
  };
}
