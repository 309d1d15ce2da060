import { isValidTimeZone } from '../period.js';
import { isValidDigestCron, weeklyCron } from '../schedules.js';
import { DEFAULT_THRESHOLDS, isThresholdKey } from '../thresholds.js';
import { FIELD } from './settings.blocks.js';
import type { CommunitySettings } from './settings.js';

/** One input's state as Slack sends it in view_submission (only the fields this modal uses). */
export interface InputState {
  value?: string | null;
  selected_conversations?: string[];
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }>;
  selected_time?: string | null;
}
export type ViewValues = Record<string, Record<string, InputState>>;

export type ParseResult = { ok: true; settings: CommunitySettings } | { ok: false; errors: Record<string, string> };

const TAG = /^[a-z0-9][a-z0-9+#._-]{0,39}$/;

/** Parses "tag: syn, syn" lines; errors name the first bad line. */
export function parseVocabulary(text: string): { vocabulary: CommunitySettings['vocabulary'] } | { error: string } {
  const vocabulary: CommunitySettings['vocabulary'] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const [tagPart, synPart = '', ...extra] = line.split(':');
    const tag = tagPart.trim().toLowerCase().replace(/^#/, '');
    const synonyms = synPart
      .split(',')
      .map((s) => s.trim().toLowerCase().replace(/^#/, ''))
      .filter(Boolean);
    const bad = [tag, ...synonyms].find((t) => !TAG.test(t));
    if (extra.length || bad !== undefined) {
      return {
        error: `Line ${i + 1} ("${line.slice(0, 40)}"): write a tag, then optionally a colon and synonyms separated by commas, e.g. "postgres: pg, postgresql". Tags use letters, digits and - . _ + #.`,
      };
    }
    vocabulary.push({ tag, synonyms: synonyms.filter((s) => s !== tag) });
  }
  return { vocabulary };
}

/** Parses "key: number" lines against the known thresholds. */
export function parseThresholds(text: string): { thresholds: Record<string, number> } | { error: string } {
  const thresholds: Record<string, number> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Za-z]+)\s*[:=]\s*(-?\d+(?:\.\d+)?)$/.exec(line);
    if (!m) return { error: `Line ${i + 1}: write "name: number", e.g. "backlogCount: 3".` };
    if (!isThresholdKey(m[1])) {
      return {
        error:
          `Line ${i + 1}: "${m[1]}" is not a threshold. Known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}`.slice(
            0,
            1900,
          ),
      };
    }
    const value = Number(m[2]);
    if (value < 0) return { error: `Line ${i + 1}: ${m[1]} cannot be negative.` };
    thresholds[m[1]] = value;
  }
  return { thresholds };
}

function int(text: string | null | undefined, min: number, max: number): number | null {
  const n = Number(text);
  return text && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/**
 * Validates a settings submission. Every problem is reported at once, against the field it belongs to, in words a
 * coordinator can act on (Slack shows each under its input).
 */
export function parseSettingsSubmission(values: ViewValues): ParseResult {
  const v = (block: string): InputState => values[block]?.v ?? {};
  const errors: Record<string, string> = {};
  const name = (v(FIELD.name).value ?? '').trim();
  if (!name) errors[FIELD.name] = 'Give the community a name.';
  const channels = v(FIELD.channels).selected_conversations ?? [];
  if (channels.length === 0) errors[FIELD.channels] = 'Pick at least one channel for the community.';
  const coordinators = v(FIELD.coordinators).selected_users ?? [];
  if (coordinators.length === 0) errors[FIELD.coordinators] = 'A community needs at least one coordinator.';
  const vocab = parseVocabulary(v(FIELD.vocabulary).value ?? '');
  if ('error' in vocab) errors[FIELD.vocabulary] = vocab.error;
  const experts = int(v(FIELD.experts).value, 1, 10);
  if (experts === null) errors[FIELD.experts] = 'Choose between 1 and 10 experts per question.';
  const target = int(v(FIELD.target).value, 1, 720);
  if (target === null) errors[FIELD.target] = 'The answer-time target is a whole number of hours between 1 and 720.';
  const freshness = int(v(FIELD.freshness).value, 7, 3650);
  if (freshness === null) errors[FIELD.freshness] = 'Freshness is a whole number of days between 7 and 3650.';
  const tz = (v(FIELD.tz).value ?? '').trim();
  if (!isValidTimeZone(tz))
    errors[FIELD.tz] = `"${tz.slice(0, 40)}" is not a time zone I know. Use an IANA name such as Europe/Paris.`;
  const custom = (v(FIELD.cron).value ?? '').trim();
  let cron = '';
  if (custom) {
    if (isValidDigestCron(custom)) cron = custom;
    else
      errors[FIELD.cron] =
        `"${custom.slice(0, 40)}" is not a valid cron expression (e.g. "0 9 * * 1" = Mondays 09:00).`;
  } else {
    const day = int(v(FIELD.day).selected_option?.value, 0, 6);
    const time = v(FIELD.time).selected_time ?? '';
    if (day === null) errors[FIELD.day] = 'Pick the day the digest goes out.';
    if (!/^\d{2}:\d{2}$/.test(time)) errors[FIELD.time] = 'Pick the time the digest goes out.';
    if (day !== null && /^\d{2}:\d{2}$/.test(time)) cron = weeklyCron(day, time);
  }
  const toCoordinators = (v(FIELD.destination).selected_options ?? []).some((o) => o.value === 'coordinators');
  const digestChannelId = v(FIELD.digestChannel).selected_conversation ?? null;
  if (!toCoordinators && !digestChannelId)
    errors[FIELD.destination] = "Send the digest somewhere: coordinators' DMs, a channel, or both.";
  const thresholds = parseThresholds(v(FIELD.thresholds).value ?? '');
  if ('error' in thresholds) errors[FIELD.thresholds] = thresholds.error;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      name: name.slice(0, 80),
      domainDescription: (v(FIELD.domain).value ?? '').trim(),
      channels,
      coordinators,
      vocabulary: 'vocabulary' in vocab ? vocab.vocabulary : [],
      expertsPerQuestion: experts as number,
      answerTargetHours: target as number,
      freshnessDays: freshness as number,
      digestCron: cron,
      digestTz: tz,
      digestToCoordinators: toCoordinators,
      digestChannelId,
      thresholds: 'thresholds' in thresholds ? thresholds.thresholds : {},
      archived: (v(FIELD.archive).selected_options ?? []).some((o) => o.value === 'archive'),
    },
  };
}

/** The thresholds as the modal shows them: the community's overrides only. */
export function thresholdsText(overrides: Record<string, number>): string {
  return Object.entries(overrides)
    .filter(([k]) => isThresholdKey(k))
    .map(([k, value]) => `${k}: ${value}`)
    .join('\n');
}
