import type { Deps } from '../../../deps.js';
import { previewDigest } from '../../../digest/digest-preview.service.js';
import { openSettings } from '../../../digest/settings/settings.service.js';
import type { CopSubcommand } from './cop.js';

/** `/cop` and `/cop settings` open the settings modal (coordinators); anyone else gets a friendly refusal. */
function settingsSubcommand(deps: Deps): CopSubcommand {
  return async ({ command, client, respond }) => {
    const outcome = await openSettings(deps, client, {
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
    });
    if (outcome.kind === 'refused') await respond({ response_type: 'ephemeral', text: outcome.message });
  };
}

/** `/cop digest`: this week's digest now, only for the caller. */
function digestSubcommand(deps: Deps): CopSubcommand {
  return async ({ command, respond }) => {
    const result = await previewDigest(deps, { userId: command.user_id, channelId: command.channel_id });
    if (result.kind === 'refused') {
      await respond({ response_type: 'ephemeral', text: result.message });
      return;
    }
    await respond({ response_type: 'ephemeral', text: result.message.text, blocks: result.message.blocks });
  };
}

/** The `/cop` subcommands the digest feature adds (passed to copCommand). */
export function copDigestSubcommands(deps: Deps): Record<string, CopSubcommand> {
  const settings = settingsSubcommand(deps);
  return { '': settings, settings, digest: digestSubcommand(deps) };
}
