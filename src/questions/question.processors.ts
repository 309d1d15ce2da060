import type { Deps } from '../deps.js';
import type { Processor } from '../jobs/job-types.js';
import { escalate, scheduleEscalation } from './escalation.js';
import * as questions from './question.repository.js';
import { routeToExperts } from './routing.service.js';

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
