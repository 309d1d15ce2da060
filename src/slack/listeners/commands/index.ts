import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { askCommand } from './ask.js';
import { copCommand } from './cop.js';
import { copDigestSubcommands } from './cop-digest.js';
import { expertiseCommand, expertsCommand } from './expertise.js';
import { kbCommand } from './kb.js';

export function register(app: App, deps: Deps): void {
  app.command('/ask', askCommand(deps));
  app.command('/cop', copCommand(deps, copDigestSubcommands(deps)));
  app.command('/expertise', expertiseCommand(deps));
  app.command('/experts', expertsCommand(deps));
  app.command('/kb', kbCommand(deps));
}
