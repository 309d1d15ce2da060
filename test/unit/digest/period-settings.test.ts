import { describe, expect, it } from '@jest/globals';
import { digestPeriod, periodLabel } from '../../../src/digest/period.js';
import { isValidDigestCron, weeklyCron } from '../../../src/digest/schedules.js';
import { FIELD, settingsModal } from '../../../src/digest/settings/settings.blocks.js';
import type { CommunitySettings } from '../../../src/digest/settings/settings.js';
import { parseSettingsSubmission, type ViewValues } from '../../../src/digest/settings/settings.parse.js';
import { createChannelThrottle } from '../../../src/digest/throttle.js';
import { BlockKitValidator } from '../../../src/sandbox/block-kit.js';

describe('digest periods in the community time zone', () => {
  it('covers the seven local days before the fire day, across a DST change', () => {
    // Mon 30 Mar 2026 09:00 in Paris (CEST, UTC+2); the week before started in CET (UTC+1): DST began 29 Mar.
    const p = digestPeriod(new Date('2026-03-30T07:00:00Z'), 'Europe/Paris');
    expect([p.startDate, p.endDate]).toEqual(['2026-03-23', '2026-03-29']);
    expect(p.start.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(periodLabel(p)).toBe('23–29 Mar');
  });

  it('the same instant is a different local day in another zone', () => {
    // Mon 12 Jan 2026 03:00 UTC is still Sunday 11 Jan in Los Angeles.
    expect(digestPeriod(new Date('2026-01-12T03:00:00Z'), 'America/Los_Angeles').startDate).toBe('2026-01-04');
    expect(digestPeriod(new Date('2026-01-12T03:00:00Z'), 'Asia/Tokyo').startDate).toBe('2026-01-05');
  });
});

describe('cron validation', () => {
  it('accepts weekly and seconds-level patterns, rejects nonsense', () => {
    expect(weeklyCron(1, '09:30')).toBe('30 9 * * 1');
    expect(isValidDigestCron('0 9 * * 1')).toBe(true);
    expect(isValidDigestCron('*/5 * * * * *')).toBe(true);
    expect(isValidDigestCron('61 9 * * 1')).toBe(false);
    expect(isValidDigestCron('every monday')).toBe(false);
    expect(isValidDigestCron('')).toBe(false);
  });
});

describe('channel throttle', () => {
  it('spaces posts to one channel by the interval, not posts to different channels', async () => {
    let now = 0;
    const slept: number[] = [];
    const throttle = createChannelThrottle(1000, {
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    await throttle.wait('C1');
    await throttle.wait('C2');
    await throttle.wait('C1');
    await throttle.wait('C1');
    expect(slept).toEqual([1000, 1000]);
  });
});

const current: CommunitySettings = {
  name: 'Data Eng',
  domainDescription: 'Pipelines',
  channels: ['C1'],
  coordinators: ['U1'],
  vocabulary: [
    { tag: 'postgres', synonyms: ['pg', 'postgresql'] },
    { tag: 'kafka', synonyms: [] },
  ],
  expertsPerQuestion: 3,
  answerTargetHours: 24,
  freshnessDays: 180,
  digestCron: '0 9 * * 1',
  digestTz: 'Europe/Paris',
  digestToCoordinators: true,
  digestChannelId: null,
  thresholds: { backlogCount: 4 },
  archived: false,
};

/** What Slack would send back for the modal as pre-filled, with overrides. */
function submission(over: Record<string, Record<string, unknown>> = {}): ViewValues {
  const base: Record<string, Record<string, unknown>> = {
    [FIELD.name]: { value: 'Data Eng' },
    [FIELD.domain]: { value: 'Pipelines' },
    [FIELD.channels]: { selected_conversations: ['C1'] },
    [FIELD.coordinators]: { selected_users: ['U1'] },
    [FIELD.vocabulary]: { value: 'postgres: pg, postgresql\nkafka' },
    [FIELD.experts]: { value: '3' },
    [FIELD.target]: { value: '24' },
    [FIELD.freshness]: { value: '180' },
    [FIELD.day]: { selected_option: { value: '1' } },
    [FIELD.time]: { selected_time: '09:00' },
    [FIELD.tz]: { value: 'Europe/Paris' },
    [FIELD.cron]: { value: null },
    [FIELD.destination]: { selected_options: [{ value: 'coordinators' }] },
    [FIELD.digestChannel]: { selected_conversation: null },
    [FIELD.thresholds]: { value: 'backlogCount: 4' },
    [FIELD.archive]: { selected_options: [] },
  };
  return Object.fromEntries(Object.entries({ ...base, ...over }).map(([k, v]) => [k, { v }])) as ViewValues;
}

describe('settings modal', () => {
  it('is a valid modal pre-filled with the current settings', () => {
    const view = settingsModal(7, current, 'backlogCount: 4');
    expect(new BlockKitValidator('/work/shared/slack-reference').validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('postgres: pg, postgresql\\nkafka');
  });

  it('round-trips a valid submission', () => {
    const result = parseSettingsSubmission(submission());
    expect(result).toEqual({ ok: true, settings: current });
  });

  it('a custom cron overrides day and time', () => {
    const result = parseSettingsSubmission(submission({ [FIELD.cron]: { value: '*/30 * * * * *' } }));
    expect(result.ok && result.settings.digestCron).toBe('*/30 * * * * *');
  });

  it('reports every invalid field at once, in friendly words', () => {
    const result = parseSettingsSubmission(
      submission({
        [FIELD.name]: { value: '  ' },
        [FIELD.vocabulary]: { value: 'postgres: pg\nbad tag!: x' },
        [FIELD.experts]: { value: '0' },
        [FIELD.tz]: { value: 'Mars/Olympus' },
        [FIELD.cron]: { value: '61 9 * * 1' },
        [FIELD.destination]: { selected_options: [] },
        [FIELD.thresholds]: { value: 'backlogCount: 3\nvibes: 11' },
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(
      [FIELD.name, FIELD.vocabulary, FIELD.experts, FIELD.tz, FIELD.cron, FIELD.destination, FIELD.thresholds].sort(),
    );
    expect(result.errors[FIELD.vocabulary]).toMatch(/^Line 2/);
    expect(result.errors[FIELD.tz]).toContain('Mars/Olympus');
    expect(result.errors[FIELD.thresholds]).toContain('"vibes" is not a threshold');
    for (const message of Object.values(result.errors)) expect(message.length).toBeLessThan(2000);
  });
});
