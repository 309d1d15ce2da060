/**
 * The local Slack stand-in: see README.md in this folder.
 * @module
 */
export { BlockKitValidator } from './block-kit.js';
export type { ClickInput, SelectInput } from './driver/interactions.js';
export type { AppAnswer, Ref, SurfaceRef } from './driver/refs.js';
export type { SubmitAnswer, SubmitValues } from './driver/views.js';
export type { DeliverEventOptions } from './payloads/events.js';
export { SlackSandbox } from './sandbox.js';
export { computeSlackSignature, signatureHeaders, verifySlackSignature } from './signing.js';
export { type SlackSandboxOptions, startSlackSandbox } from './start.js';
export type { AddChannelOptions, AddUserOptions } from './state.js';
export { deliversEvent, manifestBotEvents } from './subscriptions.js';
export type * from './types.js';
export { type WaitForOptions, waitFor } from './wait-for.js';
