import type { Deps } from '../deps.js';
import type { GiveUp, Processor } from '../jobs/job-types.js';
import { ASK_FAILED_MESSAGE, askOutcomeMessage } from './ask-messages.js';
import { escalate, scheduleEscalation } from './escalation.js';
import * as questions from './question.repository.js';
import { postQuestion } from './question.service.js';
import { findPostedQuestion, tellAsker } from './question-posts.js';
import { routeToExperts } from './routing.service.js';

/**
 * 'post-question': the worker's half of /ask. The asker hears the outcome privately. A failure is retried (the
 * queue's attempts); when the job fails for good, giveUp cleans up.
 */
export function postQuestionProcessor(deps: Deps): {
  process: Processor<'post-question'>;
  giveUp: GiveUp<'post-question'>;
} {
  return {
    process: async ({ questionId }, { attemptsMade, attemptsStarted }) => {
      const stored = await questions.findQuestion(deps.db, questionId);
      if (!stored) return { outcome: 'gone' };
      // A failed attempt counts in attemptsMade; a run that died (crashed or stalled worker) only in attemptsStarted.
      const outcome = await postQuestion(deps, stored, { retry: attemptsMade > 0 || attemptsStarted > 1 });
      const message = askOutcomeMessage(outcome);
      // Best effort: a failed ephemeral must not make a retry post the suggestions a second time.
      if (message)
        await tellAsker(deps, stored, message).catch((error: unknown) =>
          deps.logger.warn({ err: error, questionId }, 'could not tell the asker how their question went'),
        );
      return { outcome: outcome.kind };
    },
    // Nothing half-done and nobody waiting for a post that will never come: a question that never reached its
    // channel is removed and its asker told that nothing was saved; one an earlier run did post is kept.
    giveUp: async ({ questionId }) => {
      const stored = await questions.findQuestion(deps.db, questionId);
      if (!stored || (await wasPosted(deps, stored))) return;
      await questions.deleteQuestion(deps.db, questionId);
      await tellAsker(deps, stored, ASK_FAILED_MESSAGE);
    },
  };
}

/** Whether the question is in its channel, recorded or not (an attempt may have posted it and died before recording). */
async function wasPosted(deps: Deps, stored: questions.QuestionRow): Promise<boolean> {
  if ((await questions.findQuestion(deps.db, stored.id))?.message_ts) return true;
  const ts = await findPostedQuestion(deps, stored).catch(() => null);
  if (ts) await questions.setQuestionMessage(deps.db, stored.id, ts);
  return ts !== null;
}

/** 'route-question': the first routing (or a re-route), then the escalation timer. */
export function routeQuestionProcessor(deps: Deps): Processor<'route-question'> {
  return async ({ questionId, reason }) => {
    const stage = reason === 'asked' ? 'initial' : reason;
    const routed = await routeToExperts(deps, questionId, stage);
    if (reason !== 'rerouted') {
      const target = await questions.answerTargetSeconds(deps.db, questionId);
      if (target !== null) await scheduleEscalation(deps, questionId, 'next-experts', target * 1000);
    }
    return { routed: routed.length };
  };
}

/** 'escalate-question': one stage of the ladder. */
export function escalateQuestionProcessor(deps: Deps): Processor<'escalate-question'> {
  return async ({ questionId, stage }) => ({ outcome: await escalate(deps, questionId, stage) });
}
