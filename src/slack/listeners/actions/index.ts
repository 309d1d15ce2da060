import type { Deps } from '../../../deps.js';
import { DIGEST_ACTIONS } from '../../../digest/blocks-alerts.js';
import { HOME_OPEN_SETTINGS } from '../../../digest/home/home.blocks.js';
import { EXPERT_ACTIONS } from '../../blocks/expert-card.js';
import { MARK_SOLVED } from '../../blocks/solve-prompt.js';
import { SUGGESTION_SOLVED, SUGGESTION_STILL_NEED_HELP } from '../../blocks/suggestions.js';
import type { ListenerRouter } from '../../listener-router.js';
import { digestNudge, digestOpenThread, digestRoute, homeOpenSettings } from './digest-actions.js';
import { expertActsNow, expertOpensModal } from './expert-card-actions.js';
import { registerKbActions } from './kb-register.js';
import { markSolvedAction } from './mark-solved.js';
import { suggestionSolved, suggestionStillNeedHelp } from './suggestion-actions.js';

export function register(router: ListenerRouter, deps: Deps): void {
  registerKbActions(router, deps);
  router.action(EXPERT_ACTIONS.answer, expertOpensModal(deps, 'answer'));
  router.action(EXPERT_ACTIONS.handOff, expertOpensModal(deps, 'handoff'));
  router.action(EXPERT_ACTIONS.notMyArea, expertActsNow(deps, 'not-my-area'));
  router.action(EXPERT_ACTIONS.snoozeDay, expertActsNow(deps, 'snooze-day'));
  router.action(EXPERT_ACTIONS.snoozeWeek, expertActsNow(deps, 'snooze-week'));
  router.action(MARK_SOLVED, markSolvedAction(deps));
  router.action(DIGEST_ACTIONS.route, digestRoute(deps));
  router.action(DIGEST_ACTIONS.nudge, digestNudge(deps));
  router.action(DIGEST_ACTIONS.openThread, digestOpenThread());
  router.action(HOME_OPEN_SETTINGS, homeOpenSettings(deps));
  router.action(new RegExp(`^${SUGGESTION_SOLVED}:\\d+$`), suggestionSolved(deps));
  router.action(SUGGESTION_STILL_NEED_HELP, suggestionStillNeedHelp(deps));
}
