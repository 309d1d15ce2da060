import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { publishHome } from '../../../digest/home/home.service.js';

/** Publishes the member's App Home each time they open it (the Home tab only; the Messages tab needs nothing). */
export function appHomeOpened(deps: Deps) {
  return async ({ event, body, client, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>) => {
    if (event.tab && event.tab !== 'home') return;
    try {
      const teamId = (body as { team_id?: string }).team_id ?? '';
      await publishHome(deps, client, { teamId, userId: event.user });
    } catch (error) {
      logger.error('publishing the App Home failed', error);
    }
  };
}
