// Plain ESM on purpose: it runs in a worker thread (under tsx and under Jest alike), so the load generator's HTTP
// client work and its clock are on their own event loop: neither the app being measured nor the stand-in's Web API
// (in the benchmark's main thread) delays the timing of a request. Used by ack_p99 and ingest_eps (bench/sender.ts).
//
// A minimal HTTP/1.1 client over keep-alive sockets (one per lane and app), with every request serialized before the
// clock starts. The load generator shares the 2 cores with the apps it measures, so its own CPU is taken from them:
// undici's fetch cost ~1 ms per request here, node:http 0.16 ms against a trivial server, this client 0.08–0.095 ms
// (docs/benchmarks.md, session 6).
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { parseResponse } from './http-response.mjs';

// `urls`: one Request URL, or several (ack_p99 at 1 in flight sends to the real app and the bare one in turn); each
// request names its own by index (`to`, default 0), and each gets its own sockets and latency list.
const { urls, requests, concurrency, lanes = 'shared' } = workerData;
const targets = urls.map((href) => new URL(href));

/** One keep-alive connection: one request at a time, resolved with the status once the whole response is in. */
class Connection {
  constructor(socket) {
    this.socket = socket;
    this.buffered = Buffer.alloc(0);
    this.pending = null;
    this.open = true;
    socket.on('data', (chunk) => this.onData(chunk));
    const closed = (error) => {
      this.open = false;
      this.pending?.reject(error ?? new Error('the app closed the connection before answering'));
      this.pending = null;
    };
    socket.once('error', closed);
    socket.once('close', () => closed());
  }

  request(bytes) {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  onData(chunk) {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const response = parseResponse(this.buffered);
    if (!response) return;
    this.buffered = this.buffered.subarray(response.end);
    const { resolve } = this.pending;
    this.pending = null;
    resolve(response.status);
  }
}

function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => resolve(new Connection(socket)));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

// Every lane's connection is opened before the clock starts. Opening them inside the timing would measure something
// else: when 50 connect at once to a Node server busy answering the first ones, it accepts the rest one per turn of
// its event loop, so the last requests of that first wave wait hundreds of ms before the server has even seen them —
// for the bare app too (docs/benchmarks.md, session 6).
const idle = await Promise.all(
  targets.map(async (url, index) => {
    const count = Math.min(concurrency, requests.filter((r) => (r.to ?? 0) === index).length);
    return Promise.all(Array.from({ length: count }, () => connect(url)));
  }),
);
await sleep(50); // the servers accept them while still idle
const serialized = requests.map(({ body, headers, to = 0, filler = false }) => {
  const url = targets[to];
  const lines = [`POST ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${Buffer.byteLength(body)}`, '', '');
  return { to, filler, bytes: Buffer.from(lines.join('\r\n') + body) };
});

/** POSTs one request on an idle connection to its app (a new one if the app closed them all). */
async function send({ to, bytes }) {
  let connection = idle[to].pop();
  while (connection && !connection.open) connection = idle[to].pop();
  connection ??= await connect(targets[to]);
  const status = await connection.request(bytes);
  if (connection.open) idle[to].push(connection);
  return status;
}

let failed = 0;
const latencies = urls.map(() => []);
const sent = urls.map(() => 0);
// 'shared': `concurrency` lanes take the requests in order, whichever app each is for (ack_p99 at 1 in flight: one
// lane alternating between the apps; ingest_eps: one app). 'per-target': every app gets `concurrency` lanes of its
// own over its own requests, all apps at once (ack_p99 at 50 in flight together), so each app always has
// `concurrency` in flight whatever the other's speed. A filler request is sent only while another app still has
// measured requests going, to keep its app as loaded as before until the other is done; it is not timed.
let measuredLeft = serialized.filter((request) => !request.filler).length;
// Per target in the order the targets first appear in the list, so the caller decides whose lanes start first.
const targetOrder = [...new Set(serialized.map((request) => request.to))];
const queues =
  lanes === 'per-target'
    ? targetOrder.map((to) => ({ items: serialized.filter((request) => request.to === to), next: 0 }))
    : [{ items: serialized, next: 0 }];
const lane = async (queue) => {
  while (queue.next < queue.items.length) {
    const request = queue.items[queue.next];
    if (request.filler && measuredLeft === 0) return;
    queue.next++;
    const start = performance.now();
    const status = await send(request);
    sent[request.to]++;
    if (!request.filler) {
      latencies[request.to].push(performance.now() - start);
      measuredLeft--;
    }
    if (status !== 200) failed++;
  }
};
const start = performance.now();
// The targets' lanes start interleaved (one of each in turn), so no app gets all its first requests ahead of the other.
const started = [];
for (let i = 0; i < concurrency; i++) for (const queue of queues) if (i < queue.items.length) started.push(lane(queue));
await Promise.all(started);
for (const connections of idle) for (const connection of connections) connection.socket.destroy();
// startedAt (epoch ms, sub-ms precision) lets the caller time from the first request rather than from the worker's
// creation: starting a worker thread takes ~100–150 ms here, 10 % of an ingest round.
parentPort.postMessage({
  ms: performance.now() - start,
  startedAt: performance.timeOrigin + start,
  failed,
  latencies,
  sent,
});
