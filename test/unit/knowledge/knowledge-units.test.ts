import { describe, expect, it } from '@jest/globals';
import type { KnowledgeEntryRow } from '../../../src/knowledge/knowledge.repository.js';
import { normaliseWebSearch } from '../../../src/knowledge/knowledge.repository.js';
import { draftFromThread, isNearDuplicate } from '../../../src/knowledge/save.js';
import { decodeKbValue, encodeKbValue, snippetToMrkdwn } from '../../../src/slack/blocks/knowledge-results.js';

describe('knowledge helpers', () => {
  it('bolds matches only after escaping the entry text', () => {
    expect(snippetToMrkdwn('use **pg_dump** <!channel> & **cron** ')).toBe(
      'use *pg_dump* &lt;!channel&gt; &amp; *cron*',
    );
    expect(snippetToMrkdwn('**<@U1>** hi')).toBe('*&lt;@U1&gt;* hi');
  });

  it('keeps web-search negation on words but not free-standing dashes', () => {
    expect(normaliseWebSearch('Minmax - choosing the best')).toBe('Minmax  choosing the best');
    expect(normaliseWebSearch('kafka -zookeeper')).toBe('kafka -zookeeper');
  });

  it('round-trips button values and survives junk', () => {
    expect(decodeKbValue(encodeKbValue({ entryId: 4, query: 'q', page: 2 }))).toEqual({
      entryId: 4,
      query: 'q',
      page: 2,
    });
    expect(decodeKbValue('not json')).toEqual({ query: '', page: 0 });
  });

  it('drafts an entry from a thread: first line as title, longest reply as answer, repliers as contributors', () => {
    const draft = draftFromThread([
      { user: 'U1', text: 'How do we rotate backups?\nWe keep running out of disk. #postgres', ts: '1' },
      { user: 'U2', text: 'Use cron.', ts: '2' },
      { user: 'U3', text: 'Use pg_basebackup nightly and keep seven copies.', ts: '3' },
      { user: 'U2', text: 'thanks', ts: '4' },
    ]);
    expect(draft).toEqual({
      title: 'How do we rotate backups?',
      question: 'How do we rotate backups?\nWe keep running out of disk. #postgres',
      answer: 'Use pg_basebackup nightly and keep seven copies.',
      answererId: 'U3',
      contributors: ['U2', 'U3'],
      tags: ['postgres'],
    });
  });

  it('calls titles near duplicates only when most of their words agree', () => {
    const entry = { title: 'How do we rotate Postgres backups?' } as KnowledgeEntryRow;
    expect(isNearDuplicate('How to rotate postgres backups', entry)).toBe(true);
    expect(isNearDuplicate('Postgres connection pool sizing', entry)).toBe(false);
  });
});
