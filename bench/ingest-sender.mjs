// Plain ESM on purpose: it runs in a worker thread (under tsx and under Jest alike), so the load generator's HTTP
// client work happens on the other core instead of inside the event loop of the app being measured.
import { parentPort, workerData } from 'node:worker_threads';

const { url, requests, concurrency } = workerData;
let next = 0;
let failed = 0;
const lane = async () => {
  while (next < requests.length) {
    const { body, headers } = requests[next++];
    const res = await fetch(url, { method: 'POST', headers, body });
    await res.text();
    if (res.status !== 200) failed++;
  }
};
const start = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
parentPort.postMessage({ ms: performance.now() - start, failed });
