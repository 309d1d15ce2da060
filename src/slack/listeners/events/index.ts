import type { Deps } from '../../../deps.js';
import type { ListenerRouter } from '../../listener-router.js';
import { captureActivity } from './activity-capture.js';
import { appHomeOpened } from './app-home-opened.js';
import { memberJoinedChannel } from './member-joined-channel.js';
import { messageEvent } from './message.js';
import { reactionAdded } from './reaction-added.js';

export function register(router: ListenerRouter, deps: Deps): void {
  router.event('member_joined_channel', memberJoinedChannel(deps));
  router.event('app_home_opened', appHomeOpened(deps));
  router.event('message', messageEvent(deps));
  router.event('reaction_added', reactionAdded(deps));
  router.event('reaction_added', captureActivity<'reaction_added'>(deps));
  router.event('reaction_removed', captureActivity<'reaction_removed'>(deps));
  router.event('member_left_channel', captureActivity<'member_left_channel'>(deps));
}
