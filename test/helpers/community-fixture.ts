import { setDeclaredTags } from '../../src/expertise/expertise.repository.js';
import { upsertMember } from '../../src/members/member.repository.js';
import type { Harness } from './app-harness.js';
import { eventually } from './eventually.js';

export interface CommunityFixture {
  channel: { id: string };
  coordinator: { id: string };
  people: Record<string, { id: string }>;
  communityId: number;
  /** A person by name; throws on a typo so tests fail loudly. */
  person(name: string): { id: string };
}

/**
 * A community channel set up through `/cop setup` by its coordinator, with members who declared `tags`
 * (seeded through the same repository functions /expertise uses).
 */
export async function seedCommunity(
  h: Harness,
  options: { names: string[]; tags: string[]; channelName?: string; isPrivate?: boolean },
): Promise<CommunityFixture> {
  const people: Record<string, { id: string }> = {};
  for (const name of ['coordinator', ...options.names]) people[name] = h.sandbox.addUser({ name });
  const channel = h.sandbox.addChannel({
    name: options.channelName ?? `cop-${Math.random().toString(36).slice(2, 7)}`,
    isPrivate: options.isPrivate ?? false,
    members: Object.values(people),
  });
  const coordinator = people.coordinator as { id: string };
  await h.sandbox.slashCommand({ user: coordinator, channel, command: '/cop', text: 'setup' });
  const community = await eventually(() =>
    h.deps.db
      .selectFrom('community_channel')
      .select('community_id')
      .where('channel_id', '=', channel.id)
      .executeTakeFirst(),
  );
  for (const name of options.names) {
    const id = (people[name] as { id: string }).id;
    await upsertMember(h.deps.db, {
      teamId: h.sandbox.teamId,
      userId: id,
      displayName: name,
      tz: 'UTC',
      isBot: false,
      deactivated: false,
    });
    await setDeclaredTags(h.deps.db, h.sandbox.teamId, id, options.tags, new Date());
  }
  return {
    channel,
    coordinator,
    people,
    communityId: community.community_id,
    person(name) {
      const found = people[name];
      if (!found) throw new Error(`no person called ${name} in this fixture`);
      return found;
    },
  };
}

/** DM cards the bot has posted to a user (chat.postMessage calls into their DM channel). */
export function dmCardsTo(h: Harness, userId: string) {
  return h.sandbox.dmWith(userId).filter((m) => JSON.stringify(m).includes('expert_answer'));
}

/** `/ask <text>` as `asker` in the fixture's channel; resolves with the stored question once it has been posted. */
export async function askAs(h: Harness, f: CommunityFixture, asker: string, text: string) {
  await h.sandbox.slashCommand({ user: f.person(asker), channel: f.channel, command: '/ask', text });
  return eventually(() =>
    h.deps.db
      .selectFrom('question')
      .selectAll()
      .where('title', '=', text)
      .where('message_ts', 'is not', null)
      .executeTakeFirst(),
  );
}

/** Waits until `count` experts were routed the question and their DM cards are out; resolves with the routings. */
export async function routedTo(h: Harness, questionId: number, count: number) {
  return eventually(async () => {
    const rows = await h.deps.db
      .selectFrom('routing')
      .selectAll()
      .where('question_id', '=', questionId)
      .orderBy('id')
      .execute();
    return rows.length === count && rows.every((r) => r.dm_ts) ? rows : null;
  });
}
