// Plain ESM on purpose: it runs in a worker thread (under tsx and under Jest alike), so the load generator's HTTP
// client work and its clock are on their own event loop: neither the app being measured nor the stand-in's Web API
// (in the benchmark's main thread) delays the timing of a request. Used by ack_p99 and ingest_eps (bench/sender.ts).
import { parentPort, workerData } from 'node:worker_threads';

const { url, requests, concurrency } = workerData;
let next = 0;
let failed = 0;
const latencies = [];
const lane = async () => {
  while (next < requests.length) {
    const { body, headers } = requests[next++];
    const start = performance.now();
    const res = await fetch(url, { method: 'POST', headers, body });
    await res.text();
    latencies.push(performance.now() - start);
    if (res.status !== 200) failed++;
  }
};
const start = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
parentPort.postMessage({ ms: performance.now() - start, failed, latencies });
