/**
 * Escapes the three characters Slack treats as control characters in mrkdwn and message text.
 * Only these three are decoded by Slack, so escaping them is both necessary and sufficient: `<!channel>` becomes
 * `&lt;!channel&gt;` and pings nobody, and `a & b` still reads `a & b`.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to a Block Kit limit without splitting a surrogate pair, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  let out = '';
  for (const ch of chars) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Truncates text that will be escaped, so the escaped result still fits `max` characters. */
export function escapeAndTruncate(text: string, max: number): string {
  let cut = truncate(text, max);
  let escaped = escapeSlackText(cut);
  while (escaped.length > max && cut.length > 1) {
    cut = truncate(cut, cut.length - Math.max(1, escaped.length - max));
    escaped = escapeSlackText(cut);
  }
  return escaped;
}
