/**
 * Records the Slack stand-in keeps. They are plain data so tests can read them directly
 * (`sandbox.messagesIn(ch)[0].text`) and so the Web API serializers stay the only place that knows Slack's JSON shapes.
 */

/** A loosely typed JSON object: payloads come from the app under test and are validated, not trusted. */
export type JsonObject = Record<string, unknown>;

/** A workspace member: a human, a bot, or the app's own bot user. */
export interface SandboxUser {
  id: string;
  name: string;
  realName: string;
  /** IANA zone, as Slack's `users.info` reports it. */
  tz: string;
  isBot: boolean;
  deleted: boolean;
  isAdmin: boolean;
  email: string;
  /** Set for bot users (the app's own bot user carries the app's `bot_id`). */
  botId?: string;
}

/** A public or private channel, a DM (`D…`) or a group DM. */
export interface SandboxChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  isArchived: boolean;
  members: Set<string>;
  created: number;
  creator: string;
  topic: string;
  purpose: string;
  /** For a DM: the human on the other side. */
  user?: string;
}

/** One reaction on a message, as Slack aggregates them. */
export interface SandboxReaction {
  name: string;
  users: string[];
}

/** A stored channel message (top-level or thread reply). */
export interface SandboxMessage {
  channel: string;
  ts: string;
  /** Author user id (for the app's posts: the bot user id). */
  user: string;
  /** Present when the app posted it. */
  botId?: string;
  text: string;
  blocks?: JsonObject[];
  attachments?: JsonObject[];
  metadata?: JsonObject;
  /** Set on replies (parent ts) and on parents that have replies (their own ts). */
  threadTs?: string;
  /** Timestamps of replies, oldest first (parents only). */
  replies: string[];
  reactions: SandboxReaction[];
  edited?: { user: string; ts: string };
  /** File ids shared with this message. */
  files?: string[];
  subtype?: string;
}

/** An ephemeral message: only `user` sees it, Slack keeps no history of it. */
export interface SandboxEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: JsonObject[];
  threadTs?: string;
  /** How it reached the user: chat.postEphemeral, a response_url post, or a slash command's ack body. */
  source: 'api' | 'response_url' | 'ack';
}

/** A modal or Home tab view as stored by the stand-in. */
export interface SandboxView {
  id: string;
  type: 'modal' | 'home';
  /** The user who sees the view. */
  user: string;
  /** The view fields the app sent (title, blocks, callback_id, private_metadata, …) with Slack's generated ids added. */
  spec: JsonObject;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  /** Last submitted or default input state: `state.values` as Slack builds it. */
  stateValues: Record<string, Record<string, JsonObject>>;
  /** False once the user closed or submitted it (home views stay open). */
  open: boolean;
}

/** A file uploaded through files.uploadV2's three steps. */
export interface SandboxFile {
  id: string;
  name: string;
  title: string;
  length: number;
  altText?: string;
  /** The bytes POSTed to the upload URL; undefined until step 2 happened. */
  bytes?: Buffer;
  user: string;
  created: number;
  channels: string[];
  completed: boolean;
}

/** One Web API call the app made, as recorded by the stand-in. */
export interface ApiCall {
  method: string;
  /** Parsed arguments (JSON-encoded form fields decoded), without the token. */
  args: JsonObject;
  /** Epoch ms when the request arrived. */
  at: number;
  status: number;
  response: JsonObject;
}

/** One signed request the stand-in sent to the app. */
export interface Delivery {
  kind: string;
  /** event_id for Events API deliveries. */
  eventId?: string;
  retryNum?: number;
  /** HTTP status of the app's answer; 0 when the request failed (app down, timeout). */
  status: number;
  /** Time the app took to answer, in ms. */
  ms: number;
  /** Raw body the app answered with (an ack body for commands/interactions). */
  body: string;
  payload: unknown;
  at: number;
  /** Network error or timeout, when the app did not answer. */
  error?: string;
  /** The app answered with `X-Slack-No-Retry: 1`. */
  noRetry?: boolean;
}

/** A payload the stand-in rejected as invalid Block Kit (or over a limit). */
export interface ValidationFailure {
  method: string;
  errors: string[];
  payload: unknown;
  at: number;
}

/** One POST the app made to a response_url the stand-in issued. */
export interface ResponseUrlPost {
  url: string;
  /** What issued the URL. */
  origin: 'command' | 'block_actions';
  body: JsonObject;
  status: number;
  error?: string;
  at: number;
}
