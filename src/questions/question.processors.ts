import type { Deps } from '../deps.js';
import type { Processor } from '../jobs/job-types.js';
import { JOB_ATTEMPTS } from '../jobs/queues.js';
import { ASK_FAILED_MESSAGE, askOutcomeMessage } from './ask-messages.js';
import { escalate, scheduleEscalation } from './escalation.js';
import * as questions from './question.repository.js';
import { postQuestion } from './question.service.js';
import { findPostedQuestion, tellAsker } from './question-posts.js';
import { routeToExperts } from './routing.service.js';

/**
 * 'post-question': the worker's half of /ask. The asker hears the outcome privately. A failure is retried; when the
 * last attempt fails before the question was posted, the stored question is removed and the asker is told that
 * nothing was saved, so nothing is left half-done and nobody waits for a post that will never come.
 */
export function postQuestionProcessor(deps: Deps): Processor<'post-question'> {
  return async ({ questionId }, { attemptsMade, attemptsStarted }) => {
    const stored = await questions.findQuestion(deps.db, questionId);
    if (!stored) return { outcome: 'gone' };
    // A failed attempt counts in attemptsMade; a run that died (crashed or stalled worker) only in attemptsStarted.
    const retry = attemptsMade > 0 || attemptsStarted > 1;
    let outcome: Awaited<ReturnType<typeof postQuestion>>;
    try {
      outcome = await postQuestion(deps, stored, { retry });
    } catch (error) {
      if (attemptsMade + 1 >= JOB_ATTEMPTS && !(await wasPosted(deps, stored))) {
        await questions.deleteQuestion(deps.db, questionId);
        await tellAsker(deps, stored, ASK_FAILED_MESSAGE).catch((tellError: unknown) =>
          deps.logger.warn({ err: tellError, questionId }, 'could not tell the asker their question failed'),
        );
      }
      throw error;
    }
    const message = askOutcomeMessage(outcome);
    // Best effort: a failed ephemeral must not make a retry post the suggestions a second time.
    if (message)
      await tellAsker(deps, stored, message).catch((error: unknown) =>
        deps.logger.warn({ err: error, questionId }, 'could not tell the asker how their question went'),
      );
    return { outcome: outcome.kind };
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
