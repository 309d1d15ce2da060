import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { insertActivity } from '../src/activity/activity.repository.js';
import { signatureHeaders } from '../src/sandbox/index.js';
import type { Praxis } from './app.js';
import type { World } from './seed.js';
import { post, type Sent } from './sender.js';

export interface IngestResult extends Record<string, number> {
  eps: number;
  baselineEps: number;
}

let round = 0;

/**
 * Message events per second through the app into activity_event: signed Events API envelopes POSTed to the real
 * Bolt app (its own process, PRAXIS_ROLE=app) `concurrency` at a time (as Slack does for a busy workspace) from a
 * worker thread, timed from the first request until the last row is stored. The baseline writes the same rows one
 * INSERT at a time (insertActivity with one row), on one connection, from the benchmark's process.
 */
export async function ingestRound(
  praxis: Pick<Praxis, 'db' | 'url' | 'signingSecret'>,
  world: World,
  events: number,
  concurrency: number,
  /** Send thread replies (no question behind them) instead of channel messages: the claimed path, not the short one. */
  threadReplies = false,
): Promise<IngestResult> {
  const { db } = praxis;
  const r = round++;
  // A channel of its own per round: the rows can be counted through the (channel_id, item_ts) index.
  const channel = `CINGEST${r}${process.pid}`;
  await db
    .insertInto('community_channel')
    .values({ channel_id: channel, community_id: world.communityId, team_id: world.teamId })
    .execute();
  const base = Math.floor(Date.now() / 1000);
  const bodies = Array.from({ length: events }, (_, i) => {
    const user = world.members[(i * 31) % world.members.length] as string;
    const ts = `${base - (i % 3600)}.${String(i).padStart(6, '0')}`;
    return JSON.stringify({
      token: 'bench',
      team_id: world.teamId,
      api_app_id: 'ABENCH',
      type: 'event_callback',
      event_id: `EvBENCH${process.pid}R${r}N${i}`,
      event_time: base,
      event: {
        type: 'message',
        channel,
        user,
        text: 'benchmark message',
        ts,
        ...(threadReplies ? { thread_ts: `${base - 7200}.000001` } : {}),
        channel_type: 'channel',
        event_ts: ts,
      },
    });
  });
  const count = async () =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from activity_event where channel_id = ${channel} and item_ts is not null`.execute(
        db,
      )
    ).rows[0]?.n ?? 0;
  const requests = bodies.map((body) => ({
    body,
    headers: { 'content-type': 'application/json', ...signatureHeaders(praxis.signingSecret, body) },
  }));
  const sent = (await post(praxis.url, requests, concurrency)) as Sent & { startedAt: number };
  if (sent.failed > 0) throw new Error(`${sent.failed} message events were not acked with HTTP 200`);
  while ((await count()) < events) await sleep(5);
  // Timed from the sender's first request (its own clock, as epoch ms), not from starting its worker thread.
  const eps = events / ((performance.timeOrigin + performance.now() - sent.startedAt) / 1000);

  const baseStart = performance.now();
  for (let i = 0; i < events; i++) {
    await insertActivity(db, [
      {
        teamId: world.teamId,
        communityId: world.communityId,
        channelId: `${channel}B`,
        userId: world.members[i % world.members.length] as string,
        kind: 'message',
        occurredAt: new Date(),
        itemTs: `${base}.${String(i).padStart(6, '0')}`,
        sourceKey: `bench:${channel}:${i}`,
      },
    ]);
  }
  const baselineEps = events / ((performance.now() - baseStart) / 1000);
  return { eps, baselineEps };
}
