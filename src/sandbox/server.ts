import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { SandboxCore } from './core.js';
import { formDataOf, readBody, sendJson, sendText } from './http.js';
import { serveResponseUrl } from './response-url-handler.js';
import { SOCKET_MODE_PATH } from './socket-mode/hub.js';
import { serveApi } from './web-api/index.js';

/**
 * The stand-in's HTTP surface:
 * - `/api/<method>`: the Web API (what `slackApiUrl` points at);
 * - `/upload/v1/<secret>`: upload URLs from files.getUploadURLExternal;
 * - `/commands/…`, `/actions/…`: response_urls;
 * - `/link/?ticket=…`: Socket Mode WebSocket upgrades (only with an appToken).
 */
export async function startServer(core: SandboxCore, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    route(core, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'sandbox_internal_error', detail: String(error) });
    });
  });
  const socketMode = core.socketMode;
  // Without Socket Mode no upgrade listener is added, so Node refuses upgrades exactly as before.
  if (socketMode) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', core.baseUrl);
      if (url.pathname === SOCKET_MODE_PATH) socketMode.accept(req, socket, head, url);
      else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  core.baseUrl = `http://${host}:${address.port}`;
  return server;
}

async function route(core: SandboxCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', core.baseUrl);
  const body = await readBody(req);
  const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
  if (api?.[1]) return serveApi(core, api[1], req, res, url, body);
  if (req.method !== 'POST') return sendText(res, 405, 'method_not_allowed');
  if (url.pathname.startsWith('/upload/v1/')) return serveUpload(core, url.pathname, req, res, body);
  if (/^\/(commands|actions)\//.test(url.pathname)) return serveResponseUrl(core, url.pathname, body, res);
  sendText(res, 404, 'not_found');
}

/** Step 2 of files.uploadV2. WebClient posts multipart/form-data; raw bodies (curl --data-binary) work too. */
async function serveUpload(core: SandboxCore, path: string, req: IncomingMessage, res: ServerResponse, body: Buffer) {
  let bytes = body;
  if ((req.headers['content-type'] ?? '').includes('multipart/form-data')) {
    const form = await formDataOf(req, body);
    const part = [...form.values()].find((value) => typeof value !== 'string');
    bytes = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
  }
  const file = core.files.receive(path, bytes);
  if (!file) return sendText(res, 404, 'not_found');
  sendText(res, 200, `OK - ${bytes.length}`);
}
