import type { Deps } from '../../../deps.js';
import type { ListenerRouter } from '../../listener-router.js';
import { SAVE_TO_KB, saveToKbShortcut } from './save-to-kb.js';

export function register(router: ListenerRouter, deps: Deps): void {
  router.shortcut(SAVE_TO_KB, saveToKbShortcut(deps));
}
