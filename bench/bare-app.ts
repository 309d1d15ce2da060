/**
 * The ack_p99 baseline, run as its own process like Praxis (`node --import tsx bench/bare-app.ts`): a Bolt app with
 * the receiver and settings Praxis uses in HTTP mode (src/slack/create-app.ts: signing secret, production ack mode,
 * the stand-in's Web API, a /healthz custom route) whose /ask handler only acks. Reads SLACK_BOT_TOKEN,
 * SLACK_SIGNING_SECRET, SLACK_API_URL and PORT.
 */
import { App, LogLevel } from '@slack/bolt';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`bench/bare-app.ts needs ${name}`);
  return value;
};

const app = new App({
  token: env('SLACK_BOT_TOKEN'),
  signingSecret: env('SLACK_SIGNING_SECRET'),
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: env('SLACK_API_URL') },
  extendedErrorHandler: true,
  processBeforeResponse: false,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
    },
  ],
});
app.command('/ask', async ({ ack }) => {
  await ack();
});
await app.start(Number(env('PORT')));

const stop = () => {
  void app.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
