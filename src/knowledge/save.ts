import type { KnowledgeEntryRow } from './knowledge.repository.js';

/** A thread message as conversations.replies returns it (only the fields the draft needs). */
export interface ThreadMessage {
  user?: string;
  text?: string;
  ts?: string;
}

/** The prefilled contents of the "Save to knowledge base" modal. */
export interface EntryDraft {
  title: string;
  question: string;
  answer: string;
  answererId: string | null;
  contributors: string[];
  tags: string[];
}

/**
 * Builds a draft from a thread: the title is the parent's first line, the question the parent, the answer the
 * longest reply (the fullest explanation usually is; a lone reply is also the last one), and everyone who replied is
 * a contributor. Hashtags in the thread become tag suggestions.
 */
export function draftFromThread(messages: ThreadMessage[]): EntryDraft {
  const [parent, ...replies] = messages;
  const question = (parent?.text ?? '').trim();
  const title = (question.split('\n').find((l) => l.trim()) ?? 'Untitled').trim().slice(0, 150);
  const best = replies.reduce<ThreadMessage | undefined>(
    (acc, m) => ((m.text ?? '').length >= (acc?.text ?? '').length ? m : acc),
    undefined,
  );
  const contributors = [...new Set(replies.map((m) => m.user).filter((u): u is string => !!u))];
  const tags = [...new Set(messages.flatMap((m) => (m.text ?? '').match(/(?<=^|\s)#[a-z][\w-]{1,30}/gi) ?? []))]
    .map((t) => t.slice(1).toLowerCase())
    .slice(0, 10);
  return {
    title,
    question: replies.length ? question : '',
    answer: (best?.text ?? question).trim(),
    answererId: best?.user ?? null,
    contributors,
    tags,
  };
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
}

/**
 * Whether an existing entry's title says nearly the same thing as a new title: at least 60% of their distinct words
 * (3+ letters) in common. Search ranking alone can't decide this: a long entry matches many titles well.
 */
export function isNearDuplicate(newTitle: string, existing: KnowledgeEntryRow): boolean {
  const a = words(newTitle);
  const b = words(existing.title);
  if (a.size === 0 || b.size === 0) return false;
  const common = [...a].filter((w) => b.has(w)).length;
  return common / new Set([...a, ...b]).size >= 0.6;
}
