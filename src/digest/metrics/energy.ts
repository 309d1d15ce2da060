import { type RawBuilder, sql } from 'kysely';

/**
 * B4 activity weights (Orbit's 1–12 scale, cop-health-metrics.md). An accepted answer counts twice: 2 for the
 * asker who accepted it and 8 for the answerer who received it (the event's target_user_id). activity_member_day
 * sums the same weights per day and member (migration 2026_11_29_17_00_00): changing them needs a migration that
 * replaces its triggers and recomputes the rollup.
 */
export const ENERGY_WEIGHTS = {
  reaction: 1,
  message: 2,
  reply: 3,
  answer: 6,
  acceptGiven: 2,
  acceptReceived: 8,
  knowledgeCreated: 8,
  knowledgeReused: 6,
  routingAccepted: 4,
} as const;

/** The B4 weight of the activity row aliased `e`. */
export function energyCase(): RawBuilder<number> {
  const w = ENERGY_WEIGHTS;
  return sql<number>`case
    when e.kind = 'reaction_added' then ${sql.lit(w.reaction)}
    when e.kind = 'message' and e.is_reply then ${sql.lit(w.reply)}
    when e.kind = 'message' then ${sql.lit(w.message)}
    when e.kind = 'answer_posted' then ${sql.lit(w.answer)}
    when e.kind = 'answer_accepted' then ${sql.lit(w.acceptGiven)}
      + case when e.target_user_id is not null then ${sql.lit(w.acceptReceived)} else 0 end
    when e.kind = 'knowledge_created' then ${sql.lit(w.knowledgeCreated)}
    when e.kind = 'knowledge_reused' then ${sql.lit(w.knowledgeReused)}
    when e.kind = 'routing_accepted' then ${sql.lit(w.routingAccepted)}
    else 0 end`;
}
