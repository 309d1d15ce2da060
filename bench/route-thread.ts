/**
 * The thread that times route_p95 (bench/route.ts, RouteThread): its own event loop, heap and database pool, holding
 * what a Praxis worker holds between routings (member profiles, shortlist hints) and nothing else. Timed in the
 * benchmark's main thread, every route's p95 also paid for the stand-in's garbage — the Web API calls it records
 * during the other figures — whose collections landed inside the samples.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase } from '../src/db/client.js';
import { newRouteWorkerState, type RouteWorkerState, type RouteWorld, routeRound, startRouteWorker } from './route.js';

export type RouteRequest =
  | { id: number; op: 'start'; world: RouteWorld; keep: boolean }
  | { id: number; op: 'round'; world: RouteWorld; maxSamples: number; budgetMs: number }
  | { id: number; op: 'close' };

const port = parentPort;
if (!port) throw new Error('bench/route-thread.ts runs as a worker thread (see RouteThread in bench/route.ts)');
const db = createDatabase((workerData as { databaseUrl: string }).databaseUrl, 10);
let state: RouteWorkerState = newRouteWorkerState(db);

port.on('message', async (request: RouteRequest) => {
  try {
    if (request.op === 'start') {
      state = newRouteWorkerState(db, request.keep);
      port.postMessage({ id: request.id, result: await startRouteWorker(db, request.world, state) });
    } else if (request.op === 'round') {
      const { world, maxSamples, budgetMs } = request;
      port.postMessage({ id: request.id, result: await routeRound(db, world, maxSamples, budgetMs, state) });
    } else {
      await db.destroy();
      port.postMessage({ id: request.id, result: null });
      port.close();
    }
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
