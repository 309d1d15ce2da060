import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readRows } from './xml-rows.js';

/** A question of a Stack Exchange dump, mapped to what `/ask` receives. */
export interface SiteQuestion {
  id: string;
  /** Title and body, HTML stripped. */
  text: string;
  tags: string[];
  askerId: string | null;
  acceptedAnswerId: string | null;
  createdAt: Date;
}

/** An answer with a known author (answers of deleted users are dropped at load). */
export interface SiteAnswer {
  id: string;
  questionId: string;
  answererId: string;
  createdAt: Date;
}

/** One site's posts. Only the fields the protocol allows are kept: no scores, views or reputation. */
export interface Site {
  name: string;
  questions: SiteQuestion[];
  answers: SiteAnswer[];
  /** The tag vocabulary from Tags.xml when present (names only; its counts are dump-time values). */
  tagNames: string[];
}

/** Strips tags and collapses whitespace; entities were already decoded once by the XML layer, HTML ones here. */
export function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(lt|gt|amp|quot|#39|nbsp);/g, (_, entity: string) => HTML_ENTITIES[entity] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const HTML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", nbsp: ' ' };

/** `<a><b-c>` → ['a', 'b-c']. */
export function parseTags(tags: string | undefined): string[] {
  return [...(tags ?? '').matchAll(/<([^>]+)>/g)].map((match) => match[1]!);
}

/** Dump dates are UTC without a zone marker. */
function parseDumpDate(value: string): Date {
  return new Date(value.endsWith('Z') ? value : `${value}Z`);
}

/** Loads a site folder (Posts.xml, optional Tags.xml), streaming both files. */
export async function loadSite(directory: string): Promise<Site> {
  const site: Site = { name: basename(directory), questions: [], answers: [], tagNames: [] };
  for await (const row of readRows(join(directory, 'Posts.xml'))) {
    if (row.PostTypeId === '1' && row.Id !== undefined && row.CreationDate !== undefined) {
      site.questions.push({
        id: row.Id,
        text: stripHtml(`${row.Title ?? ''}\n${row.Body ?? ''}`),
        tags: parseTags(row.Tags),
        askerId: row.OwnerUserId ?? null,
        acceptedAnswerId: row.AcceptedAnswerId ?? null,
        createdAt: parseDumpDate(row.CreationDate),
      });
    } else if (row.PostTypeId === '2' && row.OwnerUserId !== undefined && row.ParentId !== undefined) {
      site.answers.push({
        id: row.Id ?? '',
        questionId: row.ParentId,
        answererId: row.OwnerUserId,
        createdAt: parseDumpDate(row.CreationDate ?? ''),
      });
    }
  }
  const tagsFile = join(directory, 'Tags.xml');
  if (existsSync(tagsFile)) {
    for await (const row of readRows(tagsFile)) if (row.TagName !== undefined) site.tagNames.push(row.TagName);
  }
  return site;
}
