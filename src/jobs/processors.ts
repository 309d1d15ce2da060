import type { Deps } from '../deps.js';
import { weeklyDigestProcessor } from '../digest/digest.processor.js';
import {
  escalateQuestionProcessor,
  postQuestionProcessor,
  routeQuestionProcessor,
} from '../questions/question.processors.js';
import { trainRouterProcessor } from '../questions/router-training.processor.js';
import type { ProcessorMap } from './job-types.js';

/** Every job's processor, bound to the deps. Processors are plain functions; this only wires names to them. */
export function createProcessors(deps: Deps): ProcessorMap {
  return {
    'post-question': postQuestionProcessor(deps),
    'route-question': routeQuestionProcessor(deps),
    'escalate-question': escalateQuestionProcessor(deps),
    'weekly-digest': weeklyDigestProcessor(deps),
    'train-router': trainRouterProcessor(deps),
  };
}
