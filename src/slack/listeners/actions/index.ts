import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';

export function register(_app: App, _deps: Deps): void {}
