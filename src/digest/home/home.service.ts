import type { webApi } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { buildHomeView, HOME_CAPS } from './home.blocks.js';
import { coordinatedHealth, expertiseSummary, memberPrefs, openQuestionsOf, routedTo } from './home.repository.js';

/** Builds and publishes the member's App Home (call on app_home_opened, and after actions that change it). */
export async function publishHome(
  deps: Pick<Deps, 'db' | 'now'>,
  client: webApi.WebClient,
  input: { teamId: string; userId: string },
): Promise<void> {
  const view = await homeViewFor(deps, input);
  await client.views.publish({ user_id: input.userId, view });
}

/** The Home view for a member (exported for tests and previews). */
export async function homeViewFor(deps: Pick<Deps, 'db' | 'now'>, input: { teamId: string; userId: string }) {
  const now = deps.now();
  const [openQuestions, routed, expertise, prefs, communities] = await Promise.all([
    openQuestionsOf(deps.db, input.teamId, input.userId, HOME_CAPS.openQuestions),
    routedTo(deps.db, input.teamId, input.userId, HOME_CAPS.routed),
    expertiseSummary(deps.db, input.teamId, input.userId),
    memberPrefs(deps.db, input.teamId, input.userId),
    coordinatedHealth(deps.db, input.teamId, input.userId, now),
  ]);
  return buildHomeView({ now, openQuestions, routed, expertise, prefs, communities });
}
