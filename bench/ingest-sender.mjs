// Plain ESM on purpose: it runs in a worker thread (under tsx and under Jest alike), so the load generator's HTTP
// client work and its clock are on their own event loop: neither the app being measured nor the stand-in's Web API
// (in the benchmark's main thread) delays the timing of a request. Used by ack_p99 and ingest_eps (bench/sender.ts).
//
// node:http with a keep-alive agent (one socket per lane, like Slack's delivery reusing its connections), not fetch:
// undici's fetch costs ~1 ms of CPU per request on this machine, more than the app spends on a message event, so with
// fetch the load generator rather than the app set the pace of ingest_eps.
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';

// `urls`: one Request URL, or several (ack_p99 at 1 in flight sends to the real app and the bare one in turn); each
// request names its own by index (`to`, default 0), and each gets its own keep-alive sockets and latency list.
const { urls, requests, concurrency } = workerData;

/**
 * Hands out connections opened before the clock started, then opens new ones as usual. Opening a lane's connection
 * inside the timing would measure something else: when 50 connect at once to a Node server that is busy answering
 * the first ones, it accepts the rest one per turn of its event loop, and the last requests of that first wave then
 * wait hundreds of ms before the server has even seen them (docs/benchmarks.md, session 6) — for the bare app too.
 */
class WarmAgent extends http.Agent {
  constructor(options, opened) {
    super(options);
    this.opened = opened;
  }
  createConnection(options, callback) {
    return this.opened.pop() ?? super.createConnection(options, callback);
  }
}

function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => resolve(socket));
    socket.setNoDelay(true); // as http.Agent's own connections
    socket.once('error', reject);
  });
}

const targets = await Promise.all(
  urls.map(async (href, index) => {
    const url = new URL(href);
    const lanes = Math.min(concurrency, requests.filter((r) => (r.to ?? 0) === index).length);
    const opened = await Promise.all(Array.from({ length: lanes }, () => connect(url)));
    return { url, agent: new WarmAgent({ keepAlive: true, maxSockets: concurrency }, opened) };
  }),
);
await sleep(50); // the servers accept them while still idle

/** POSTs one request; resolves with the status once the whole response body has arrived. */
function send(body, headers, to) {
  const { url: target, agent } = targets[to];
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

let next = 0;
let failed = 0;
const latencies = urls.map(() => []);
const lane = async () => {
  while (next < requests.length) {
    const { body, headers, to = 0 } = requests[next++];
    const start = performance.now();
    const status = await send(body, headers, to);
    latencies[to].push(performance.now() - start);
    if (status !== 200) failed++;
  }
};
const start = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
for (const { agent } of targets) agent.destroy();
// startedAt (epoch ms, sub-ms precision) lets the caller time from the first request rather than from the worker's
// creation: starting a worker thread takes ~100–150 ms here, 10 % of an ingest round.
parentPort.postMessage({
  ms: performance.now() - start,
  startedAt: performance.timeOrigin + start,
  failed,
  latencies: latencies[0],
  byTarget: latencies,
});
