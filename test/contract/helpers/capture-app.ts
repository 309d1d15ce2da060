import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackSignature } from '../../../src/sandbox/index.js';

/** One request the sandbox delivered, decoded. */
export interface Captured {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Event envelope (JSON), interaction payload (form `payload=`), or slash-command form fields. */
  body: Record<string, unknown>;
  signatureValid: boolean;
}

/** What the fake app answers. */
export interface CaptureAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A minimal stand-in for the app: verifies signatures, decodes and records what the sandbox sends. */
export async function startCaptureApp(
  signingSecret: string,
  answer: (req: Captured) => CaptureAnswer | undefined = () => undefined,
) {
  const requests: Captured[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const form = new URLSearchParams(rawBody);
    const body = (req.headers['content-type'] ?? '').includes('json')
      ? (JSON.parse(rawBody) as Record<string, unknown>)
      : form.has('payload')
        ? (JSON.parse(form.get('payload') ?? '{}') as Record<string, unknown>)
        : Object.fromEntries(form);
    const signatureValid = verifySlackSignature(
      signingSecret,
      {
        signature: String(req.headers['x-slack-signature']),
        timestamp: String(req.headers['x-slack-request-timestamp']),
      },
      rawBody,
    );
    const captured = { headers: req.headers, rawBody, body, signatureValid };
    requests.push(captured);
    const reply = answer(captured) ?? {};
    res.writeHead(reply.status ?? 200, reply.headers ?? {});
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
