import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ASK_MODAL } from '../../blocks/ask-modal.js';
import { askModalSubmitted } from './ask-modal-submitted.js';

export function register(app: App, deps: Deps): void {
  app.view(ASK_MODAL, askModalSubmitted(deps));
}
