/** What a member typed after /ask, turned into a question, or the reason it can't be one. Pure. */

/** Slack allows ~4,000 characters of slash-command text; a question longer than this belongs in the modal. */
export const MAX_QUESTION_LENGTH = 1500;
export const MAX_TITLE_LENGTH = 200;
export const MAX_DETAILS_LENGTH = 2900;

export type ParsedAsk =
  | { kind: 'question'; title: string; details: string }
  | { kind: 'empty' }
  | { kind: 'too-long'; length: number };

/**
 * Splits `/ask` text into a title (the first line, or first sentence when that line is long) and details.
 * Empty and whitespace-only text is reported, so the command can open the modal or explain instead.
 */
export function parseAskText(text: string): ParsedAsk {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { kind: 'empty' };
  if (trimmed.length > MAX_QUESTION_LENGTH) return { kind: 'too-long', length: trimmed.length };
  const [firstLine = '', ...rest] = trimmed.split('\n');
  let title = firstLine.trim();
  let details = rest.join('\n').trim();
  if (title.length > MAX_TITLE_LENGTH) {
    const sentenceEnd = title.slice(0, MAX_TITLE_LENGTH).search(/[?.!](\s|$)(?!.*[?.!](\s|$))/);
    const cut = sentenceEnd > 20 ? sentenceEnd + 1 : MAX_TITLE_LENGTH;
    details = `${title.slice(cut).trim()}${details ? `\n${details}` : ''}`;
    title = title.slice(0, cut).trim();
  }
  return { kind: 'question', title, details };
}
