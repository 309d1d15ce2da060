import { describe, expect, it } from '@jest/globals';
import type { webApi } from '@slack/bolt';
import { MembershipCache } from '../../../src/knowledge/visibility.js';

/** A stand-in WebClient with just conversations.members, counting calls. */
function fakeClient(members: Record<string, string[]>) {
  const calls: string[] = [];
  const client = {
    conversations: {
      members: async ({ channel }: { channel: string }) => {
        calls.push(channel);
        const list = members[channel];
        if (!list) throw new Error('channel_not_found');
        return { members: list, response_metadata: { next_cursor: '' } };
      },
    },
  } as unknown as webApi.WebClient;
  return { client, calls };
}

describe('MembershipCache', () => {
  it('asks Slack once per channel within the TTL, then again after it', async () => {
    let now = 0;
    const cache = new MembershipCache(() => new Date(now), 1000);
    const { client, calls } = fakeClient({ G1: ['U1'] });
    expect(await cache.isMember(client, 'G1', 'U1')).toBe(true);
    expect(await cache.isMember(client, 'G1', 'U2')).toBe(false);
    expect(calls).toEqual(['G1']);
    now = 1001;
    await cache.isMember(client, 'G1', 'U1');
    expect(calls).toEqual(['G1', 'G1']);
  });

  it('fails closed when Slack cannot list the members', async () => {
    const cache = new MembershipCache(() => new Date(0));
    const { client } = fakeClient({});
    expect(await cache.isMember(client, 'G404', 'U1')).toBe(false);
  });
});
