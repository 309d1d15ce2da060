import type { Deps } from '../../../deps.js';
import { SETTINGS_MODAL } from '../../../digest/settings/settings.blocks.js';
import { ASK_MODAL } from '../../blocks/ask-modal.js';
import { EXPERT_ANSWER_MODAL, EXPERT_HANDOFF_MODAL } from '../../blocks/expert-modals.js';
import { EXPERTISE_MODAL } from '../../blocks/expertise-modal.js';
import { KB_SAVE_MODAL } from '../../blocks/knowledge-save.js';
import type { ListenerRouter } from '../../listener-router.js';
import { askModalSubmitted } from './ask-modal-submitted.js';
import { copSettingsSubmitted } from './cop-settings-submitted.js';
import { expertAnswerSubmitted, expertHandoffSubmitted } from './expert-modals-submitted.js';
import { expertiseSubmitted } from './expertise-submitted.js';
import { kbSaveSubmitted } from './kb-save.js';
import { KB_UPDATE_MODAL, kbUpdateSubmitted } from './kb-update.js';

export function register(router: ListenerRouter, deps: Deps): void {
  router.view(ASK_MODAL, askModalSubmitted(deps));
  router.view(KB_UPDATE_MODAL, kbUpdateSubmitted(deps));
  router.view(KB_SAVE_MODAL, kbSaveSubmitted(deps));
  router.view(EXPERT_ANSWER_MODAL, expertAnswerSubmitted(deps));
  router.view(EXPERT_HANDOFF_MODAL, expertHandoffSubmitted(deps));
  router.view(EXPERTISE_MODAL, expertiseSubmitted(deps));
  router.view(SETTINGS_MODAL, copSettingsSubmitted(deps));
}
