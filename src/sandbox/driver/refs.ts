/** A user or channel given by id or by the record `addUser` / `addChannel` returned. */
export type Ref = string | { id: string };

/** The id behind a {@link Ref}. */
export function idOf(ref: Ref): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/** Where an interactive element is: a message (or ephemeral) by channel + ts, a modal by id, or a user's Home tab. */
export type SurfaceRef = { channel: Ref; ts: string } | { viewId: string } | { home: Ref };

/** What the app answered to a command or interaction. */
export interface AppAnswer {
  /** HTTP status of the app's ack (0 if it did not answer). */
  status: number;
  /** Raw ack body. */
  body: string;
  /** How long the app took to ack, in ms. */
  ms: number;
  /** The trigger_id Slack sent (usable once, for 3 s). */
  triggerId: string;
  /** The response_url Slack sent, when the surface has one. */
  responseUrl?: string;
}
