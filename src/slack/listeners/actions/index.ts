import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { DIGEST_ACTIONS } from '../../../digest/blocks-alerts.js';
import { HOME_OPEN_SETTINGS } from '../../../digest/home/home.blocks.js';
import { EXPERT_ACTIONS } from '../../blocks/expert-card.js';
import { MARK_SOLVED } from '../../blocks/solve-prompt.js';
import { SUGGESTION_SOLVED, SUGGESTION_STILL_NEED_HELP } from '../../blocks/suggestions.js';
import { digestNudge, digestOpenThread, digestRoute, homeOpenSettings } from './digest-actions.js';
import { expertActsNow, expertOpensModal } from './expert-card-actions.js';
import { registerKbActions } from './kb-register.js';
import { markSolvedAction } from './mark-solved.js';
import { suggestionSolved, suggestionStillNeedHelp } from './suggestion-actions.js';

export function register(app: App, deps: Deps): void {
  registerKbActions(app, deps);
  app.action(EXPERT_ACTIONS.answer, expertOpensModal(deps, 'answer'));
  app.action(EXPERT_ACTIONS.handOff, expertOpensModal(deps, 'handoff'));
  app.action(EXPERT_ACTIONS.notMyArea, expertActsNow(deps, 'not-my-area'));
  app.action(EXPERT_ACTIONS.snoozeDay, expertActsNow(deps, 'snooze-day'));
  app.action(EXPERT_ACTIONS.snoozeWeek, expertActsNow(deps, 'snooze-week'));
  app.action(MARK_SOLVED, markSolvedAction(deps));
  app.action(DIGEST_ACTIONS.route, digestRoute(deps));
  app.action(DIGEST_ACTIONS.nudge, digestNudge(deps));
  app.action(DIGEST_ACTIONS.openThread, digestOpenThread());
  app.action(HOME_OPEN_SETTINGS, homeOpenSettings(deps));
  app.action(new RegExp(`^${SUGGESTION_SOLVED}:\\d+$`), suggestionSolved(deps));
  app.action(SUGGESTION_STILL_NEED_HELP, suggestionStillNeedHelp(deps));
}
