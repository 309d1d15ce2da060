import type { webApi } from '@slack/bolt';
import { type ActivityKind, insertActivity } from '../activity/activity.repository.js';
import type { Deps } from '../deps.js';
import { kbReviewCard } from '../slack/blocks/knowledge-entry.js';
import { KB_PAGE_SIZE, type KbResult } from '../slack/blocks/knowledge-results.js';
import { claimReviewRequest } from './entry-lifecycle.repository.js';
import { incrementCounter, type KnowledgeEntryRow, listPopularEntries, searchEntries } from './knowledge.repository.js';
import { scopeForUser } from './visibility.js';

/** Misses after which the expert is asked to review the entry. */
export const MISSES_BEFORE_REVIEW = 3;

/** One page of `/kb`: ranked search for words, the most reused entries for none, only what the user may see. */
export async function kbSearchPage(
  deps: Deps,
  client: webApi.WebClient,
  who: { teamId: string; userId: string },
  query: string,
  page: number,
): Promise<{ results: KbResult[]; hasNext: boolean }> {
  const scope = await scopeForUser(deps, client, who.teamId, who.userId);
  // One extra row tells whether a Next page exists without a COUNT query.
  const window = { limit: KB_PAGE_SIZE + 1, offset: page * KB_PAGE_SIZE };
  const results: KbResult[] = query.trim()
    ? (await searchEntries(deps.db, scope, query, window)).map((h) => ({ entry: h.entry, snippet: h.snippet }))
    : (await listPopularEntries(deps.db, scope, window)).map((entry) => ({ entry }));
  return { results: results.slice(0, KB_PAGE_SIZE), hasNext: results.length > KB_PAGE_SIZE };
}

/** Records knowledge activity (metadata only). Entries outside any community have no digest to feed. */
export async function recordKbActivity(
  deps: Deps,
  entry: KnowledgeEntryRow,
  userId: string,
  kind: ActivityKind,
  channelId?: string,
): Promise<void> {
  if (entry.community_id === null) return;
  await insertActivity(deps.db, [
    {
      teamId: entry.team_id,
      communityId: entry.community_id,
      channelId,
      userId,
      kind,
      occurredAt: deps.now(),
      entryId: entry.id,
    },
  ]);
}

/** The person who should review an entry: whoever answered it, else whoever saved it. */
export function expertOf(entry: KnowledgeEntryRow): string {
  return entry.answerer_id ?? entry.author_id;
}

/** DMs the expert the review card, at most once until they act on it. */
export async function requestReview(
  deps: Deps,
  client: webApi.WebClient,
  entry: KnowledgeEntryRow,
  reason: 'misses' | 'stale',
): Promise<boolean> {
  if (!(await claimReviewRequest(deps.db, entry.id, deps.now()))) return false;
  const expert = expertOf(entry);
  const dm = await client.conversations.open({ users: expert });
  const channel = dm.channel?.id;
  if (!channel) return false;
  await client.chat.postMessage({
    channel,
    text: `Could you check your knowledge base entry "${entry.title.slice(0, 200)}"?`,
    blocks: kbReviewCard(entry, reason),
  });
  return true;
}

/** Whether the entry is older than its community's freshness period (default 180 days) since its last review. */
export async function isStale(deps: Deps, entry: KnowledgeEntryRow): Promise<boolean> {
  let days = 180;
  if (entry.community_id !== null) {
    const row = await deps.db
      .selectFrom('community')
      .select('freshness_days')
      .where('id', '=', entry.community_id)
      .executeTakeFirst();
    if (row) days = row.freshness_days;
  }
  const since = new Date(entry.reviewed_at ?? entry.created_at).getTime();
  return deps.now().getTime() - since > days * 86_400_000;
}

/** Counts a view; an entry shown again after going stale goes back to its expert. */
export async function countView(deps: Deps, client: webApi.WebClient, entry: KnowledgeEntryRow, userId: string) {
  await incrementCounter(deps.db, entry.id, 'views');
  await recordKbActivity(deps, entry, userId, 'knowledge_viewed');
  if (await isStale(deps, entry)) await requestReview(deps, client, entry, 'stale');
}

/** Counts Helpful or Didn't help; the third miss sends the entry back to its expert. */
export async function countFeedback(
  deps: Deps,
  client: webApi.WebClient,
  entry: KnowledgeEntryRow,
  userId: string,
  helpful: boolean,
): Promise<void> {
  const updated = await incrementCounter(deps.db, entry.id, helpful ? 'helpful' : 'misses');
  if (helpful) {
    await recordKbActivity(deps, entry, userId, 'knowledge_reused');
    return;
  }
  await recordKbActivity(deps, entry, userId, 'knowledge_missed');
  if (updated && updated.misses >= MISSES_BEFORE_REVIEW) await requestReview(deps, client, updated, 'misses');
}

/** Coordinators of the entry's community, its author and its answerer may edit or retire it; nobody else. */
export async function mayEdit(deps: Deps, entry: KnowledgeEntryRow, userId: string): Promise<boolean> {
  if (userId === entry.author_id || userId === entry.answerer_id) return true;
  if (entry.community_id === null) return false;
  const row = await deps.db
    .selectFrom('community_coordinator')
    .select('user_id')
    .where('community_id', '=', entry.community_id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
