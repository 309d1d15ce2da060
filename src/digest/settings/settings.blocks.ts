import type { types } from '@slack/bolt';
import { truncate } from '../../slack/text.js';
import { type CommunitySettings, simpleWeekly, vocabularyText, WEEKDAYS } from './settings.js';

/** callback_id of the settings modal; private_metadata carries the community id. */
export const SETTINGS_MODAL = 'cop_settings';

/** Block ids double as the keys of view_submission errors, so each names the field a message belongs to. */
export const FIELD = {
  name: 'name',
  domain: 'domain',
  channels: 'channels',
  coordinators: 'coordinators',
  vocabulary: 'vocabulary',
  experts: 'experts',
  target: 'target',
  freshness: 'freshness',
  day: 'day',
  time: 'time',
  tz: 'tz',
  cron: 'cron',
  destination: 'destination',
  digestChannel: 'digest_channel',
  thresholds: 'thresholds',
  archive: 'archive',
} as const;

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });
function input(
  blockId: string,
  label: string,
  element: types.InputBlock['element'],
  options: { optional?: boolean; hint?: string } = {},
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    element,
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint) } : {}),
  };
}
const number = (actionId: string, value: number, min: number, max: number): types.NumberInput => ({
  type: 'number_input',
  action_id: actionId,
  is_decimal_allowed: false,
  initial_value: String(value),
  min_value: String(min),
  max_value: String(max),
});

/** The settings modal, pre-filled with the community's current settings. */
export function settingsModal(communityId: number, s: CommunitySettings, thresholdsText: string): types.ModalView {
  const weekly = simpleWeekly(s.digestCron);
  const dayOptions = WEEKDAYS.map((d, i) => ({ text: plain(d), value: String(i) }));
  const checkbox = (value: string, text: string) => ({ text: plain(text), value });
  const blocks: types.KnownBlock[] = [
    input(FIELD.name, 'Name', { type: 'plain_text_input', action_id: 'v', initial_value: s.name, max_length: 80 }),
    input(
      FIELD.domain,
      'Domain description',
      {
        type: 'plain_text_input',
        action_id: 'v',
        multiline: true,
        initial_value: s.domainDescription,
        max_length: 1000,
      },
      { optional: true },
    ),
    input(FIELD.channels, 'Community channels', {
      type: 'multi_conversations_select',
      action_id: 'v',
      initial_conversations: s.channels,
      filter: { include: ['public', 'private'], exclude_bot_users: true },
    }),
    input(FIELD.coordinators, 'Coordinators', {
      type: 'multi_users_select',
      action_id: 'v',
      initial_users: s.coordinators,
    }),
    input(
      FIELD.vocabulary,
      'Tags and synonyms',
      {
        type: 'plain_text_input',
        action_id: 'v',
        multiline: true,
        initial_value: vocabularyText(s.vocabulary),
        max_length: 3000,
        placeholder: plain('postgres: pg, postgresql'),
      },
      { optional: true, hint: 'One tag per line; synonyms after a colon, separated by commas.' },
    ),
    input(FIELD.experts, 'Experts per question', number('v', s.expertsPerQuestion, 1, 10)),
    input(FIELD.target, 'Answer-time target (hours)', number('v', s.answerTargetHours, 1, 720), {
      hint: 'Unanswered questions escalate after this.',
    }),
    input(FIELD.freshness, 'Knowledge freshness (days)', number('v', s.freshnessDays, 7, 3650), {
      hint: 'Older entries go back to their expert for review.',
    }),
    input(FIELD.day, 'Digest day', {
      type: 'static_select',
      action_id: 'v',
      options: dayOptions,
      initial_option: dayOptions[weekly?.weekday ?? 1],
    }),
    input(FIELD.time, 'Digest time', { type: 'timepicker', action_id: 'v', initial_time: weekly?.time ?? '09:00' }),
    input(
      FIELD.tz,
      'Time zone',
      { type: 'plain_text_input', action_id: 'v', initial_value: s.digestTz, max_length: 64 },
      { hint: 'An IANA zone such as Europe/Paris or America/New_York.' },
    ),
    input(
      FIELD.cron,
      'Custom schedule (cron, optional)',
      { type: 'plain_text_input', action_id: 'v', max_length: 100, ...(weekly ? {} : { initial_value: s.digestCron }) },
      { optional: true, hint: 'Overrides day and time, e.g. "0 9 * * 1,4".' },
    ),
    input(
      FIELD.destination,
      'Send the digest to',
      {
        type: 'checkboxes',
        action_id: 'v',
        options: [checkbox('coordinators', "Coordinators' DMs")],
        ...(s.digestToCoordinators ? { initial_options: [checkbox('coordinators', "Coordinators' DMs")] } : {}),
      },
      { optional: true },
    ),
    input(
      FIELD.digestChannel,
      'and/or this channel',
      {
        type: 'conversations_select',
        action_id: 'v',
        ...(s.digestChannelId ? { initial_conversation: s.digestChannelId } : {}),
      },
      { optional: true, hint: 'A channel gets totals and shout-outs only, never names of individuals.' },
    ),
    input(
      FIELD.thresholds,
      'Alert thresholds',
      {
        type: 'plain_text_input',
        action_id: 'v',
        multiline: true,
        initial_value: truncate(thresholdsText, 3000),
        max_length: 3000,
      },
      { optional: true, hint: 'Lines like "backlogCount: 3". Leave out a line to use the default.' },
    ),
    input(
      FIELD.archive,
      'Archive',
      {
        type: 'checkboxes',
        action_id: 'v',
        options: [checkbox('archive', 'Archive this community (stops its digest)')],
        ...(s.archived ? { initial_options: [checkbox('archive', 'Archive this community (stops its digest)')] } : {}),
      },
      { optional: true },
    ),
  ];
  return {
    type: 'modal',
    callback_id: SETTINGS_MODAL,
    private_metadata: String(communityId),
    title: plain('Community settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks,
  };
}
