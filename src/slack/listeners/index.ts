import type { Deps } from '../../deps.js';
import { ListenerRouter } from '../listener-router.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as shortcuts from './shortcuts/index.js';
import * as views from './views/index.js';

/** Every listener, grouped by the Slack surface it answers, in one router (see ListenerRouter for why). */
export function listenerRoutes(deps: Deps): ListenerRouter {
  const router = new ListenerRouter();
  commands.register(router, deps);
  events.register(router, deps);
  actions.register(router, deps);
  views.register(router, deps);
  shortcuts.register(router, deps);
  return router;
}
