import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { post, type SignedRequest } from '../../../bench/sender.js';

/** A server that answers every request after `delayMs`, and remembers the most requests it held at once. */
async function slowServer(delayMs: number) {
  let inFlight = 0;
  const seen = { requests: 0, maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.requests++;
      inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-length': '0' });
        res.end();
      }, delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { server, url, seen };
}

const request = (to: number, filler = false): SignedRequest => ({ body: 'x=1', headers: {}, to, filler });

describe("the load generator's lanes", () => {
  let fast: Awaited<ReturnType<typeof slowServer>>;
  let slow: Awaited<ReturnType<typeof slowServer>>;
  beforeAll(async () => {
    fast = await slowServer(2);
    slow = await slowServer(25);
  });
  afterAll(() => {
    fast.server.close();
    slow.server.close();
  });

  it('per target: each app holds its own lanes full whatever the other does, and fillers stop when the other is done', async () => {
    fast.seen.requests = 0;
    slow.seen.requests = 0;
    const requests = [
      ...Array.from({ length: 20 }, () => request(0)),
      ...Array.from({ length: 2000 }, () => request(0, true)),
      ...Array.from({ length: 20 }, () => request(1)),
    ];
    const sent = await post([fast.url, slow.url], requests, 5, 'per-target');

    expect(sent.failed).toBe(0);
    expect(sent.latencies.map((list) => list.length)).toEqual([20, 20]); // fillers are not timed
    // The slow app had 5 in flight, not one at a time behind the fast one's answers.
    expect(slow.seen.maxInFlight).toBe(5);
    expect(fast.seen.maxInFlight).toBe(5);
    // The fast app kept being loaded while the slow one still had measured requests going (4 waves of 25 ms)…
    expect(sent.sent[0]).toBeGreaterThan(40);
    // …and no longer: its fillers were not all sent.
    expect(sent.sent[0]).toBeLessThan(2020);
    expect(sent.sent).toEqual([fast.seen.requests, slow.seen.requests]);
  });

  it('shared: the lanes take the requests in order, whichever app each is for', async () => {
    slow.seen.maxInFlight = 0;
    const alternating = Array.from({ length: 10 }, (_, i) => request(i % 2));
    const sent = await post([fast.url, slow.url], alternating, 1);
    expect(sent.latencies.map((list) => list.length)).toEqual([5, 5]);
    expect(sent.sent).toEqual([5, 5]);
    expect(slow.seen.maxInFlight).toBe(1);
  });
});
