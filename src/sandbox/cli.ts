/**
 * `npm run sandbox`: a local Slack stand-in for manual trials and demos.
 * Starts on SANDBOX_PORT (default 3999), seeds a small workspace and prints how to point the app at it.
 */
import { manifestBotEvents, startSlackSandbox } from './index.js';

const port = Number(process.env.SANDBOX_PORT ?? 3999);
const signingSecret = process.env.SANDBOX_SIGNING_SECRET ?? 'sandbox-signing-secret';
const botToken = process.env.SANDBOX_BOT_TOKEN ?? 'xoxb-sandbox-local';
const appUrl = process.env.SANDBOX_APP_URL ?? 'http://127.0.0.1:3000/slack/events';
// Set to offer Socket Mode too: an app started with SLACK_APP_TOKEN=<this> then receives everything over its socket.
const appToken = process.env.SANDBOX_APP_TOKEN || undefined;

const sandbox = await startSlackSandbox({
  signingSecret,
  botToken,
  port,
  appUrl,
  appToken,
  referenceDir: process.env.SANDBOX_REFERENCE_DIR,
  // As Slack: only what Praxis's manifest subscribes to (SANDBOX_MANIFEST names another app's manifest).
  botEvents: manifestBotEvents(process.env.SANDBOX_MANIFEST ?? 'manifest.yml'),
});
const alice = sandbox.addUser({ name: 'alice', realName: 'Alice Martin', tz: 'Europe/Paris' });
const bob = sandbox.addUser({ name: 'bob', realName: 'Bob Chen', tz: 'America/New_York' });
const carol = sandbox.addUser({ name: 'carol', realName: 'Carol Diaz', tz: 'Asia/Tokyo', isAdmin: true });
const dataCop = sandbox.addChannel({
  name: 'data-cop',
  members: [alice, bob, carol],
  topic: 'Data Community of Practice',
});
const general = sandbox.addChannel({ name: 'general', members: [alice, bob, carol] });

console.log(`Slack sandbox listening.

  Web API URL     ${sandbox.apiUrl}
  Bot token       ${sandbox.botToken}
  Signing secret  ${signingSecret}
  Bot user / id   ${sandbox.botUserId} / ${sandbox.botId}   team ${sandbox.teamId}
  Delivers to     ${appUrl}   (set SANDBOX_APP_URL to change)
  Socket Mode     ${appToken ? `on: SLACK_APP_TOKEN=${appToken}` : 'off (set SANDBOX_APP_TOKEN=xapp-… to offer it)'}

Point the app at it, e.g.:
  SLACK_API_URL=${sandbox.apiUrl} SLACK_BOT_TOKEN=${sandbox.botToken} SLACK_SIGNING_SECRET=${signingSecret} npm start
(Bolt: new App({ token, signingSecret, clientOptions: { slackApiUrl: '${sandbox.apiUrl}' } }))

Seeded: users alice ${alice.id}, bob ${bob.id}, carol ${carol.id}; channels #data-cop ${dataCop.id}, #general ${general.id}.
Try: curl -s -H 'Authorization: Bearer ${sandbox.botToken}' ${sandbox.apiUrl}conversations.history?channel=${dataCop.id}
Ctrl-C to stop.`);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
