import { startSlackSandbox } from '../src/sandbox/index.js';
import { createBenchDatabase } from './database.js';
import { createWorld, growActivity, growKnowledge, growMembers } from './seed.js';
import { timed } from './stats.js';
const bdb = await createBenchDatabase();
const sandbox = await startSlackSandbox({ signingSecret: 'x' });
try {
  const world = await createWorld(bdb.db, sandbox, 300);
  console.log('members', (await timed(() => growMembers(bdb.db, sandbox, world, 10_000))).ms);
  console.log('activity 300k', (await timed(() => growActivity(bdb.db, world, 300_000))).ms);
  console.log('kb 200k', (await timed(() => growKnowledge(bdb.db, world, 200_000))).ms);
} finally { await sandbox.close(); await bdb.drop(); }
