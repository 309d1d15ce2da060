// The load generator's HTTP/1.1 response framing (bench/ingest-sender.mjs), in its own module so it can be tested.

/** Where the response that starts `buf` ends, and its status; null while it is incomplete. */
export function parseResponse(buf) {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const end = headEnd + 4 + Number(length[1]);
    return buf.length >= end ? { status, end } : null;
  }
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) return { status, end: headEnd + 4 }; // no body
  for (let at = headEnd + 4; ; ) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(buf.toString('latin1', at, lineEnd), 16);
    if (size === 0) return buf.length >= lineEnd + 4 ? { status, end: lineEnd + 4 } : null; // no trailers
    at = lineEnd + 2 + size + 2;
    if (at > buf.length) return null;
  }
}
