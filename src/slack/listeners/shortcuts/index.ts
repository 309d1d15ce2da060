import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { SAVE_TO_KB, saveToKbShortcut } from './save-to-kb.js';

export function register(app: App, deps: Deps): void {
  app.shortcut(SAVE_TO_KB, saveToKbShortcut(deps));
}
