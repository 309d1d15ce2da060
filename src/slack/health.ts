import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { Deps } from '../deps.js';

/** Database and queue health, as /healthz reports it. */
export async function checkHealth(
  deps: Pick<Deps, 'db' | 'queue'>,
): Promise<{ ok: boolean; database: boolean; queue: boolean }> {
  const [database, queue] = await Promise.all([
    sql`SELECT 1`.execute(deps.db).then(
      () => true,
      () => false,
    ),
    deps.queue.health(),
  ]);
  return { ok: database && queue, database, queue };
}

/** `GET /healthz`: 200 when the database and the queue answer, 503 otherwise, with which part failed. */
export function healthRoute(deps: Pick<Deps, 'db' | 'queue'>) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse) => {
      void checkHealth(deps).then((health) => {
        res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...health, backend: deps.queue.backend }));
      });
    },
  };
}
