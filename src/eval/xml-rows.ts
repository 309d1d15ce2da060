import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the XML entities of an attribute value: the five named ones and numeric `&#10;` / `&#xA;` forms. */
export function decodeXmlEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

const ATTRIBUTE = /([A-Za-z_][\w.-]*)="([^"]*)"/g;

/**
 * Parses one `<row A="…" B="…" />` line of a Stack Exchange dump into its decoded attributes, or null when the line
 * is not a row (the XML declaration, `<posts>`, `</posts>`). The dumps escape `"` inside values, so a value never
 * contains a raw quote.
 */
export function parseRowLine(line: string): Record<string, string> | null {
  const start = line.indexOf('<row ');
  if (start < 0) return null;
  const attributes: Record<string, string> = {};
  for (const match of line.slice(start + 5).matchAll(ATTRIBUTE)) {
    attributes[match[1]!] = decodeXmlEntities(match[2]!);
  }
  return attributes;
}

/** Streams the rows of a dump file line by line, never holding the whole file. */
export async function* readRows(path: string): AsyncGenerator<Record<string, string>> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    const row = parseRowLine(line);
    if (row !== null) yield row;
  }
}
