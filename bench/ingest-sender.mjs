// Plain ESM on purpose: it runs in a worker thread (under tsx and under Jest alike), so the load generator's HTTP
// client work and its clock are on their own event loop: neither the app being measured nor the stand-in's Web API
// (in the benchmark's main thread) delays the timing of a request. Used by ack_p99 and ingest_eps (bench/sender.ts).
//
// node:http with a keep-alive agent (one socket per lane, like Slack's delivery reusing its connections), not fetch:
// undici's fetch costs ~1 ms of CPU per request on this machine, more than the app spends on a message event, so with
// fetch the load generator rather than the app set the pace of ingest_eps.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, requests, concurrency } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

/** POSTs one request; resolves with the status once the whole response body has arrived. */
function send(body, headers) {
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
const latencies = [];
const lane = async () => {
  while (next < requests.length) {
    const { body, headers } = requests[next++];
    const start = performance.now();
    const status = await send(body, headers);
    latencies.push(performance.now() - start);
    if (status !== 200) failed++;
  }
};
const start = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
agent.destroy();
// startedAt (epoch ms, sub-ms precision) lets the caller time from the first request rather than from the worker's
// creation: starting a worker thread takes ~100–150 ms here, 10 % of an ingest round.
parentPort.postMessage({ ms: performance.now() - start, startedAt: performance.timeOrigin + start, failed, latencies });
