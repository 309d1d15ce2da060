import type { Deps } from '../deps.js';
import type { EscalationStage } from '../jobs/job-types.js';
import { claimStep, releaseStep } from './escalation.repository.js';
import * as questions from './question.repository.js';
import { openCall, routeToExperts, tellCoordinators } from './routing.service.js';

/** The ladder, in order: each stage follows the previous one after the community's answer-time target. */
export const ESCALATION_LADDER: readonly EscalationStage[] = ['next-experts', 'open-call', 'coordinators'];

/** Schedules a stage as a delayed job; the job id makes scheduling it twice a no-op. */
export async function scheduleEscalation(
  deps: Deps,
  questionId: number,
  stage: EscalationStage,
  delayMs: number,
): Promise<void> {
  await deps.queue.add(
    'escalate-question',
    { questionId, stage },
    { delay: delayMs, jobId: `escalate-${questionId}-${stage}` },
  );
}

/**
 * Runs one escalation stage for a question nobody has answered in time. Each stage happens at most once per question,
 * even with job retries or several workers: the stage is claimed in `escalation_step` (primary key) before it acts,
 * and the claim is released if the action fails so the retry can try again. Nothing happens once there is an answer.
 */
export async function escalate(deps: Deps, questionId: number, stage: EscalationStage): Promise<'done' | 'skipped'> {
  const question = await questions.findQuestion(deps.db, questionId);
  if (!question || question.first_response_at !== null || question.status !== 'open') return 'skipped';
  const claimed = await claimStep(deps.db, questionId, stage);
  if (!claimed) return 'skipped';
  try {
    if (stage === 'next-experts') await routeToExperts(deps, questionId, 'next-experts');
    else if (stage === 'open-call') await openCall(deps, question, 'unanswered');
    else await tellCoordinators(deps, question, 'nobody has answered it within the target, even after an open call');
  } catch (error) {
    await releaseStep(deps.db, questionId, stage);
    throw error;
  }
  const next = ESCALATION_LADDER[ESCALATION_LADDER.indexOf(stage) + 1];
  if (next) {
    const target = await questions.answerTargetSeconds(deps.db, questionId);
    await scheduleEscalation(deps, questionId, next, (target ?? 86_400) * 1000);
  }
  return 'done';
}
