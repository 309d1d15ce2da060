import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import type { ViewValues } from '../../../digest/settings/settings.parse.js';
import { submitSettings } from '../../../digest/settings/settings.service.js';

/** Saves the /cop settings modal, or keeps it open with a friendly message under each invalid field. */
export function copSettingsSubmitted(deps: Deps) {
  return async ({ ack, view, body, client, logger }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    try {
      const result = await submitSettings(deps, client, {
        userId: body.user.id,
        privateMetadata: view.private_metadata,
        values: view.state.values as unknown as ViewValues,
      });
      await ack(result);
    } catch (error) {
      logger.error('saving community settings failed', error);
      await ack({
        response_action: 'errors',
        errors: { name: 'Sorry, the settings could not be saved. Nothing was changed; please try again.' },
      });
    }
  };
}
