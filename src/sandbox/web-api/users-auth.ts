import { userJson } from '../serialize.js';
import { type ApiHandler, fail } from './args.js';

const authTest: ApiHandler = ({ core }) => {
  const { identity } = core;
  return {
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamName,
    user: identity.botName,
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    app_id: identity.appId,
    is_enterprise_install: false,
  };
};

const usersInfo: ApiHandler = ({ core, args }) => {
  const id = args.string('user');
  const user = id ? core.state.users.get(id) : undefined;
  if (!user) return fail('user_not_found');
  return { user: userJson(core, user) };
};

/** auth.test and users.info. */
export const userAuthMethods: Record<string, ApiHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
};
