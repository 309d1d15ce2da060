import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { memberJoinedChannel } from './member-joined-channel.js';

export function register(app: App, deps: Deps): void {
  app.event('member_joined_channel', memberJoinedChannel(deps));
}
