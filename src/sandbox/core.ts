import type { BlockKitValidator } from './block-kit.js';
import type { AppDelivery } from './delivery.js';
import type { Faults } from './faults.js';
import type { FileStore } from './files-store.js';
import type { IdFactory } from './ids.js';
import type { MessageStore } from './messages.js';
import type { ResponseUrlRegistry } from './response-urls.js';
import type { SocketModeHub } from './socket-mode/hub.js';
import type { WorkspaceState } from './state.js';
import type { TriggerRegistry } from './triggers.js';
import type { ApiCall, ResponseUrlPost, ValidationFailure } from './types.js';
import type { ViewStore } from './views-store.js';

/** Who the fake workspace and the installed app are. */
export interface SandboxIdentity {
  teamId: string;
  teamDomain: string;
  teamName: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
  botToken: string;
  /** The deprecated verification token Slack still puts in payloads (`token`). */
  verificationToken: string;
  signingSecret: string;
}

/**
 * Everything one sandbox instance owns. Web API handlers, payload builders and driver actions receive it explicitly,
 * so two sandboxes in one process never share state.
 */
export interface SandboxCore {
  readonly identity: SandboxIdentity;
  readonly now: () => number;
  readonly ids: IdFactory;
  readonly state: WorkspaceState;
  readonly messages: MessageStore;
  readonly views: ViewStore;
  readonly files: FileStore;
  readonly validator: BlockKitValidator;
  readonly faults: Faults;
  readonly triggers: TriggerRegistry;
  readonly responseUrls: ResponseUrlRegistry;
  readonly delivery: AppDelivery;
  /** Socket Mode, when the sandbox was started with an appToken. */
  readonly socketMode: SocketModeHub | undefined;
  /** The app's event subscriptions; undefined delivers every event (see subscriptions.ts). */
  readonly botEvents: readonly string[] | undefined;
  readonly calls: ApiCall[];
  /** Every Web API request as it arrives (before latency and handling); `calls` records the answered ones. */
  readonly received: Array<Pick<ApiCall, 'method' | 'args' | 'at'>>;
  readonly validationFailures: ValidationFailure[];
  readonly responseUrlPosts: ResponseUrlPost[];
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl: string;
}
