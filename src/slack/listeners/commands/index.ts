import type { Deps } from '../../../deps.js';
import type { ListenerRouter } from '../../listener-router.js';
import { askCommand } from './ask.js';
import { copCommand } from './cop.js';
import { copDigestSubcommands } from './cop-digest.js';
import { expertiseCommand, expertsCommand } from './expertise.js';
import { kbCommand } from './kb.js';

export function register(router: ListenerRouter, deps: Deps): void {
  router.command('/ask', askCommand(deps));
  router.command('/cop', copCommand(deps, copDigestSubcommands(deps)));
  router.command('/expertise', expertiseCommand(deps));
  router.command('/experts', expertsCommand(deps));
  router.command('/kb', kbCommand(deps));
}
