import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from './types.js';

/** Reads a request body fully. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Parses Web API arguments the way Slack does: query string, then a form (urlencoded or multipart) or JSON body.
 * Values stay strings for forms; handlers decode JSON-encoded fields (blocks, view, metadata) themselves.
 */
export async function parseArgs(req: IncomingMessage, url: URL, body: Buffer): Promise<JsonObject> {
  const args: JsonObject = Object.fromEntries(url.searchParams);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length === 0) return args;
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) Object.assign(args, parsed);
  } else if (type.includes('multipart/form-data')) {
    for (const [key, value] of await formDataOf(req, body)) {
      args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    }
  } else {
    Object.assign(args, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  }
  return args;
}

/** Parses multipart/form-data with the platform's Request (undici), so no hand-written multipart parser. */
export async function formDataOf(req: IncomingMessage, body: Buffer): Promise<FormData> {
  const request = new Request('http://sandbox.local/', {
    method: 'POST',
    headers: { 'content-type': String(req.headers['content-type']) },
    body: new Uint8Array(body),
  });
  return request.formData();
}

/** Sends a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

/** Sends a plain-text answer. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
