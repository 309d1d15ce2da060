import type { Deps } from '../deps.js';
import type { ProcessorMap } from './job-types.js';

/** Every job's processor, bound to the deps. Processors are plain functions; this only wires names to them. */
export function createProcessors(_deps: Deps): ProcessorMap {
  return {};
}
