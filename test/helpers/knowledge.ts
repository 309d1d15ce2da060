import type { NewKnowledgeEntry } from '../../src/knowledge/knowledge.repository.js';
import type { SandboxEphemeral } from '../../src/sandbox/index.js';
import type { Harness } from './app-harness.js';

/** A knowledge entry with sensible defaults; tests override what they are about. */
export function entryFixture(
  base: { teamId: string; communityId: number; sourceChannelId: string; authorId: string; answererId: string | null },
  over: Partial<NewKnowledgeEntry> = {},
): NewKnowledgeEntry {
  return {
    teamId: base.teamId,
    communityId: base.communityId,
    questionId: null,
    title: 'Entry',
    question: '',
    answer: 'An answer.',
    otherReplies: '',
    tags: [],
    contributors: [],
    authorId: base.authorId,
    answererId: base.answererId,
    sourceChannelId: base.sourceChannelId,
    sourceTs: null,
    permalink: null,
    visibility: 'public',
    ...over,
  };
}

/** Runs /kb as `user` in `channel` and returns the ephemeral results they got. */
export async function runKb(
  h: Harness,
  user: { id: string },
  text: string,
  channel: { id: string },
): Promise<SandboxEphemeral> {
  const before = h.sandbox.ephemerals.length;
  await h.sandbox.slashCommand({ user, channel, command: '/kb', text });
  return h.sandbox.waitFor(() =>
    h.sandbox.ephemerals
      .slice(before)
      .find((e) => e.user === user.id && /^(Knowledge base results|Nothing in the knowledge base)/.test(e.text)),
  );
}
