import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { captureActivity } from './activity-capture.js';
import { appHomeOpened } from './app-home-opened.js';
import { memberJoinedChannel } from './member-joined-channel.js';
import { messageEvent } from './message.js';
import { reactionAdded } from './reaction-added.js';

export function register(app: App, deps: Deps): void {
  app.event('member_joined_channel', memberJoinedChannel(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('message', messageEvent(deps));
  app.event('reaction_added', reactionAdded(deps));
  app.event('reaction_added', captureActivity<'reaction_added'>(deps));
  app.event('reaction_removed', captureActivity<'reaction_removed'>(deps));
  app.event('member_left_channel', captureActivity<'member_left_channel'>(deps));
}
