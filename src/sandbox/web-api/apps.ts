import { type ApiHandler, fail } from './args.js';

/** Methods called with the app-level token (xapp-…) instead of the bot token. */
export const appLevelMethods: ReadonlySet<string> = new Set(['apps.connections.open']);

/** apps.connections.open: a single-use WebSocket URL for Socket Mode (only offered when the sandbox has an appToken). */
const connectionsOpen: ApiHandler = ({ core }) => {
  if (!core.socketMode) return fail('unknown_method');
  return { url: core.socketMode.issueUrl(core.baseUrl) };
};

export const appMethods: Record<string, ApiHandler> = {
  'apps.connections.open': connectionsOpen,
};
