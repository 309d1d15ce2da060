import type { KnowledgeEntryRow } from '../../knowledge/knowledge.repository.js';
import { escapeAndTruncate, escapeSlackText } from '../text.js';
import type { Button, KnownBlock } from './types.js';

/** Action ids of the /kb results and entry cards. */
export const KB_ACTIONS = {
  view: 'kb_view',
  share: 'kb_share',
  helpful: 'kb_helpful',
  missed: 'kb_missed',
  page: 'kb_page',
} as const;

/** Results shown per page of `/kb`. Small, so each page stays well under Block Kit's 50-block limit. */
export const KB_PAGE_SIZE = 5;

/** What a result button carries: the entry, and the search it came from (so paging can re-run it). */
export interface KbButtonValue {
  entryId?: number;
  query: string;
  page: number;
}

/** Encodes a button value; the query is cut so the value stays far below Slack's 2,000-character limit. */
export function encodeKbValue(v: KbButtonValue): string {
  return JSON.stringify({ e: v.entryId, q: v.query.slice(0, 300), p: v.page });
}

/** Decodes a button value written by {@link encodeKbValue}; junk decodes to an empty first page. */
export function decodeKbValue(raw: string | undefined): KbButtonValue {
  try {
    const v = JSON.parse(raw ?? '{}') as { e?: unknown; q?: unknown; p?: unknown };
    return {
      entryId: typeof v.e === 'number' ? v.e : undefined,
      query: typeof v.q === 'string' ? v.q : '',
      page: typeof v.p === 'number' && v.p >= 0 ? Math.floor(v.p) : 0,
    };
  } catch {
    return { query: '', page: 0 };
  }
}

/**
 * Turns a ts_headline snippet into mrkdwn: every piece of entry text is escaped first, then the `**` match markers
 * become `*` bold (never the other way round, or entry text could inject markup or mentions).
 */
export function snippetToMrkdwn(snippet: string): string {
  return snippet
    .split('**')
    .map((part, i) => {
      const escaped = escapeSlackText(part.replace(/\s+/g, ' '));
      // Odd parts are the matches; bold only works when the asterisks hug non-space characters.
      return i % 2 === 1 && escaped.trim() !== '' ? `*${escaped.trim()}*` : escaped;
    })
    .join('')
    .trim();
}

function button(text: string, actionId: string, value: string, style?: 'primary'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

/** One search result as shown in `/kb`. `snippet` is a raw ts_headline snippet, or absent for the no-words listing. */
export interface KbResult {
  entry: KnowledgeEntryRow;
  snippet?: string;
}

/** The blocks of one page of `/kb` results, with per-result buttons and Previous/Next paging. */
export function kbResultsBlocks(query: string, page: number, results: KbResult[], hasNext: boolean): KnownBlock[] {
  const heading = query
    ? `Knowledge base results for “${escapeAndTruncate(query, 200)}”`
    : 'Most reused knowledge base entries';
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `${heading} (page ${page + 1})` } }];
  for (const { entry, snippet } of results) {
    const body = snippet ? snippetToMrkdwn(snippet) : escapeSlackText(entry.answer.replace(/\s+/g, ' '));
    const tags = entry.tags.length ? `\n_Tags: ${escapeAndTruncate(entry.tags.join(', '), 200)}_` : '';
    const text = `*${escapeAndTruncate(entry.title, 300)}*\n${body.slice(0, 2000)}${tags}`;
    const value = encodeKbValue({ entryId: entry.id, query, page });
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    blocks.push({
      type: 'actions',
      block_id: `kb_entry_${entry.id}`,
      elements: [
        button('View', KB_ACTIONS.view, value),
        button('Share in channel', KB_ACTIONS.share, value),
        button('Helpful', KB_ACTIONS.helpful, value),
        button("Didn't help", KB_ACTIONS.missed, value),
      ],
    });
  }
  const paging: Button[] = [];
  if (page > 0) paging.push(button('Previous', `${KB_ACTIONS.page}_prev`, encodeKbValue({ query, page: page - 1 })));
  if (hasNext) paging.push(button('Next', `${KB_ACTIONS.page}_next`, encodeKbValue({ query, page: page + 1 })));
  if (paging.length) blocks.push({ type: 'actions', block_id: 'kb_paging', elements: paging });
  return blocks;
}

/** The reply when nothing matched: say so, and suggest asking the community. */
export function kbNoResultsText(query: string): string {
  return (
    `Nothing in the knowledge base matches “${escapeAndTruncate(query, 200)}” yet. ` +
    `Ask the community with \`/ask ${escapeAndTruncate(query, 200)}\` and the answer can be saved here for next time.`
  );
}
