import type { types } from '@slack/bolt';

/** Block Kit types, re-exported from Bolt's copy of @slack/types so we depend on one version. */
export type KnownBlock = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type Button = types.Button;
