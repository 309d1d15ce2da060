import { describe, expect, it } from '@jest/globals';
import {
  activityFromMembershipEvent,
  activityFromMessageEvent,
  activityFromReactionEvent,
} from '../../../src/activity/activity-events.js';

const bots = { botUserIds: new Set(['UBOT']) };

describe('Slack events → activity rows (metadata only)', () => {
  it('a channel message keeps who/where/when and never the text', () => {
    const row = activityFromMessageEvent(
      { type: 'message', channel: 'C1', user: 'U1', ts: '1767607200.000100', text: 'secret plans' } as never,
      7,
      'T1',
    );
    expect(row).toEqual({
      teamId: 'T1',
      communityId: 7,
      channelId: 'C1',
      userId: 'U1',
      kind: 'message',
      occurredAt: new Date('2026-01-05T10:00:00.000Z'),
      isReply: false,
      itemTs: '1767607200.000100',
      threadTs: null,
      sourceKey: 'msg:C1:1767607200.000100',
    });
    expect(JSON.stringify(row)).not.toContain('secret');
  });

  it('a thread reply is marked as a reply with its parent thread; a thread parent is not', () => {
    expect(activityFromMessageEvent({ channel: 'C1', user: 'U1', ts: '2.0', thread_ts: '1.0' }, 7, 'T1')).toMatchObject(
      { isReply: true, threadTs: '1.0' },
    );
    expect(activityFromMessageEvent({ channel: 'C1', user: 'U1', ts: '1.0', thread_ts: '1.0' }, 7, 'T1')).toMatchObject(
      { isReply: false, threadTs: null },
    );
  });

  it('bots, edits, deletions and system messages are not recorded', () => {
    expect(activityFromMessageEvent({ channel: 'C1', user: 'U1', ts: '1.0', bot_id: 'B1' }, 7, 'T1')).toBeNull();
    expect(activityFromMessageEvent({ channel: 'C1', user: 'UBOT', ts: '1.0' }, 7, 'T1', bots)).toBeNull();
    for (const subtype of ['bot_message', 'message_changed', 'message_deleted', 'channel_join']) {
      expect(activityFromMessageEvent({ channel: 'C1', user: 'U1', ts: '1.0', subtype }, 7, 'T1')).toBeNull();
    }
    expect(
      activityFromMessageEvent(
        { channel: 'C1', user: 'U1', ts: '1.0', subtype: 'thread_broadcast', thread_ts: '0.5' },
        7,
        'T1',
      ),
    ).not.toBeNull();
  });

  it('reactions target the message author and are keyed by event_ts (add, remove, re-add are three rows)', () => {
    const event = {
      type: 'reaction_added',
      user: 'U2',
      reaction: 'pray',
      item_user: 'U1',
      item: { type: 'message', channel: 'C1', ts: '5.0' },
      event_ts: '6.0',
    };
    const added = activityFromReactionEvent(event, 7, 'T1');
    expect(added).toMatchObject({
      kind: 'reaction_added',
      userId: 'U2',
      targetUserId: 'U1',
      emoji: 'pray',
      itemTs: '5.0',
      channelId: 'C1',
    });
    const removed = activityFromReactionEvent({ ...event, type: 'reaction_removed', event_ts: '7.0' }, 7, 'T1');
    expect(removed).toMatchObject({ kind: 'reaction_removed' });
    expect(
      new Set([
        added?.sourceKey,
        removed?.sourceKey,
        activityFromReactionEvent({ ...event, event_ts: '8.0' }, 7, 'T1')?.sourceKey,
      ]).size,
    ).toBe(3);
    expect(
      activityFromReactionEvent({ ...event, item: { type: 'file', channel: 'C1', ts: '5.0' } }, 7, 'T1'),
    ).toBeNull();
    expect(activityFromReactionEvent({ ...event, user: 'UBOT' }, 7, 'T1', bots)).toBeNull();
  });

  it('joins and leaves', () => {
    expect(
      activityFromMembershipEvent(
        { type: 'member_joined_channel', user: 'U3', channel: 'C1', event_ts: '9.0' },
        7,
        'T1',
      ),
    ).toMatchObject({ kind: 'member_joined', userId: 'U3' });
    expect(
      activityFromMembershipEvent({ type: 'member_left_channel', user: 'U3', channel: 'C1', event_ts: '9.5' }, 7, 'T1'),
    ).toMatchObject({ kind: 'member_left' });
    expect(
      activityFromMembershipEvent(
        { type: 'member_left_channel', user: 'UBOT', channel: 'C1', event_ts: '9.5' },
        7,
        'T1',
        bots,
      ),
    ).toBeNull();
  });
});
