import { describe, expect, it } from '@jest/globals';
import { evaluateAlerts } from '../../../src/digest/alerts.js';
import { buildDigestMessage, type DigestInput } from '../../../src/digest/blocks.js';
import { parseNudgeValue } from '../../../src/digest/blocks-alerts.js';
import { periodStartingOn } from '../../../src/digest/period.js';
import { resolveThresholds } from '../../../src/digest/thresholds.js';
import { sparkline, trendText } from '../../../src/digest/trends.js';
import { BlockKitValidator } from '../../../src/sandbox/block-kit.js';
import { healthyHistory, healthyWeek } from './healthy.js';

const validator = new BlockKitValidator('/work/shared/slack-reference');

/** A week where many alerts fire at once, with names that must stay out of a channel. */
function troubledInput(audience: DigestInput['audience']): DigestInput {
  const m = healthyWeek();
  m.responsiveness.backlog = [1, 2, 3, 4].map((i) => ({
    questionId: i,
    title: `How do I <@channel> tune ${'x'.repeat(200)}`,
    channelId: 'C1',
    messageTs: `170000000${i}.000100`,
    askerId: 'UASK',
    tags: [],
    ageHours: 50 + i * 10,
  }));
  m.responsiveness.backlogCount = 4;
  m.responsiveness.backlogMaxAgeHours = 90;
  m.membership.lapsingCore = ['UCORE1', 'UCORE2'];
  m.values.neglectedNewcomers = ['UNEWBIE'];
  m.structure.gaps = ['rust', 'go'];
  m.structure.maxRoutedToOne = 9;
  m.participation.energy = 200;
  const history = healthyHistory();
  const alerts = evaluateAlerts({ metrics: m, history, thresholds: resolveThresholds({}) }, { communityAgeDays: 100 });
  return {
    communityId: 7,
    communityName: `Data <Eng> & ${'long name '.repeat(20)}`,
    period: periodStartingOn('2026-01-05', 'Europe/Paris'),
    metrics: m,
    history,
    alerts,
    audience,
    baseline: false,
    stage: 'maturing',
    permalinks: { 1: 'https://example.slack.com/archives/C1/p1' },
    chart: { fileId: 'F123', altText: 'Energy 380, 385, …' },
    docsUrl: 'https://example.com/digest',
    homeUrl: 'slack://app?team=T1&id=A1&tab=home',
    digestId: 42,
    destination: audience === 'coordinators' ? 'dm:UCOORD' : 'channel:C9',
  };
}

const allText = (blocks: unknown) => JSON.stringify(blocks);
const buttons = (blocks: unknown[]) =>
  blocks.flatMap((b) => {
    const block = b as { accessory?: { type: string }; elements?: Array<{ type: string }> };
    return [block.accessory, ...(block.elements ?? [])].filter(
      (e): e is { type: string } & Record<string, string> => e?.type === 'button',
    );
  });

describe('digest Block Kit', () => {
  it('the coordinator version is valid Block Kit within limits, alerts first with working buttons', () => {
    const msg = buildDigestMessage(troubledInput('coordinators'));
    expect(validator.validateMessage(msg)).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(25);
    expect(msg.text).toMatch(/weekly pulse · 5–11 Jan: 23 engaged members, energy 200 \(-50%\), \d need attention/);
    expect(msg.blocks[0]).toMatchObject({ type: 'header' });
    expect((msg.blocks[0] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(150);
    expect(allText(msg.blocks[2])).toContain('Needs attention');
    const b = buttons(msg.blocks);
    expect(b.find((x) => x.action_id === 'digest_route')?.value).toBe('1'); // the oldest question is first
    expect(b.find((x) => x.url)?.url).toBe('https://example.slack.com/archives/C1/p1');
    const nudges = b.filter((x) => x.action_id === 'digest_nudge').map((x) => parseNudgeValue(x.value));
    expect(nudges).toContainEqual({ c: 7, a: 'newcomer-neglect', u: ['UNEWBIE'] });
    for (const x of b) expect((x.text as unknown as { text: string }).text.length).toBeLessThanOrEqual(75);
    // User text is escaped: no live @channel through the bot.
    expect(allText(msg.blocks)).not.toContain('<@channel>');
    expect(msg.metadata).toEqual({
      event_type: 'praxis_digest',
      event_payload: { digest_id: 42, community_id: 7, destination: 'dm:UCOORD' },
    });
    expect(msg.blocks).toContainEqual(
      expect.objectContaining({ type: 'image', slack_file: { id: 'F123' }, alt_text: 'Energy 380, 385, …' }),
    );
    // At most five alerts, worst first: the sixth (lapsing regulars) waits for next week.
    expect(msg.blocks.filter((x) => x.block_id?.startsWith('alert_') && x.type === 'section')).toHaveLength(5);
    // Names of individuals, for coordinators: the neglected newcomer, the overloaded expert, lapsed contributors.
    expect(allText(msg.blocks)).toContain('<@UNEWBIE>');
    expect(allText(msg.blocks)).toContain('<@UTOP> was routed 9 questions');
    expect(allText(msg.blocks)).toContain('<@ULAPSED>');
    const steps = msg.blocks.find((x) => x.block_id === 'next_steps');
    expect(allText(steps).match(/\\n\d\. /g)).toHaveLength(3);
  });

  it('the channel version has aggregates and positive shout-outs only', () => {
    const msg = buildDigestMessage(troubledInput('channel'));
    expect(validator.validateMessage(msg)).toEqual([]);
    const text = allText(msg.blocks) + msg.text;
    for (const name of ['UCORE1', 'UNEWBIE', 'ULAPSED', 'UNEW1']) expect(text).not.toContain(name);
    expect(text).not.toContain('Needs attention');
    expect(text).not.toContain('need attention');
    expect(buttons(msg.blocks)).toEqual([]);
    expect(text).toContain('<@UTOP> (3)'); // shout-outs stay
    expect(text).toContain('Lapsed this week: 1');
  });

  it('a quiet baseline week says so and shows no alerts', () => {
    const input = { ...troubledInput('coordinators'), alerts: [], baseline: true, chart: null };
    const msg = buildDigestMessage(input);
    expect(validator.validateMessage(msg)).toEqual([]);
    expect(allText(msg.blocks)).toContain('baseline weeks: alerts start after 4 weeks');
    expect(allText(msg.blocks)).not.toContain('Needs attention');
  });

  it('shows the 8-week sparkline and flips colours for lower-is-better metrics', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, null, 5])).toBe('▁ ▁');
    expect(trendText(23, 20)).toBe('▲15% 🟢');
    expect(trendText(3.2, 4, { higherIsBetter: false })).toBe('▼−0.8 🟢'); // base < 5: the absolute change
    expect(trendText(4, 2)).toBe('▲+2 🟢');
    expect(trendText(12, 6, { higherIsBetter: false })).toBe('▲100% 🔴');
    const msg = buildDigestMessage(troubledInput('coordinators'));
    const energy = msg.blocks.find((b) => b.block_id === 'energy');
    expect(allText(energy)).toMatch(/Energy\*\\n200 ▼50% 🔴\\n`[▁▂▃▄▅▆▇█]{8}`/);
  });
});
