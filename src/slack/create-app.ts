import { App, ignoreSelf } from '@slack/bolt';
// biome-ignore lint/style/noRestrictedImports: Bolt does not re-export this type from its index
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import type { Deps } from '../deps.js';
import { toBoltLogger } from '../logger.js';
import { healthRoute } from './health.js';
import { listenerRoutes } from './listeners/index.js';
import { dedupeRedeliveries } from './middleware/dedupe-redeliveries.js';
import type { InFlightWork } from './middleware/in-flight.js';
import { recordOnlyMessages } from './middleware/record-only-messages.js';

export interface SlackAppOptions {
  /** Tests only: finish the listeners before answering, so an assertion right after a request sees the effects. */
  processBeforeResponse?: boolean;
  /** Known bot identity; when omitted Bolt asks auth.test once. */
  botId?: string;
  botUserId?: string;
  slackRetries?: number;
  /** Counts listener work still running after the ack, so shutdown can wait for it (main.ts). */
  inFlight?: InFlightWork;
}

/**
 * The Bolt app: HTTP mode at /slack/events (with /healthz) or Socket Mode when SLACK_APP_TOKEN is set.
 * A global middleware drops Slack's redeliveries, and `app.error` is the backstop for anything a listener missed.
 */
export function createSlackApp(deps: Deps, options: SlackAppOptions = {}): App {
  const { config } = deps;
  const socketMode = config.slack.appToken !== null;
  const app = new App({
    token: config.slack.botToken,
    botId: options.botId,
    botUserId: options.botUserId,
    logger: toBoltLogger(deps.logger),
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      ...(options.slackRetries === undefined ? {} : { retryConfig: { retries: options.slackRetries } }),
    },
    extendedErrorHandler: true,
    // No listener uses Bolt's conversation store; its in-memory default costs every event a lookup that throws.
    convoStore: false,
    // Bolt's own filter of the bot's own events runs first in Praxis's middleware instead (below).
    ignoreSelf: false,
    ...(socketMode
      ? { socketMode: true, appToken: config.slack.appToken ?? undefined }
      : {
          signingSecret: config.slack.signingSecret ?? '',
          processBeforeResponse: options.processBeforeResponse ?? false,
          customRoutes: [healthRoute(deps)],
        }),
  });
  // Praxis's global middleware and its listeners run inside one Bolt middleware (ListenerRouter.install): every
  // middleware or listener Bolt runs itself costs each request a hidden class of its own (see inSequence). Bolt's
  // ignoreSelf (the bot's own messages and joins go no further) comes first, where Bolt would have run it.
  listenerRoutes(deps).install(app, [
    ignoreSelf,
    ...(options.inFlight ? [options.inFlight.middleware()] : []),
    recordOnlyMessages(deps),
    dedupeRedeliveries(deps.db),
  ]);
  app.error((async ({ error, logger, body }: ExtendedErrorHandlerArgs) => {
    const type = (body as { type?: string } | undefined)?.type;
    logger.error(`unhandled error in a listener (${type ?? 'unknown'} payload)`, error);
  }) as Parameters<App['error']>[0]);
  return app;
}
