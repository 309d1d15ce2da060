import type { SandboxCore } from '../core.js';
import type { JsonObject } from '../types.js';

/** A Slack API error: answered as HTTP 200 `{ ok: false, error: code, ...extra }`. */
export class SlackApiError extends Error {
  readonly code: string;
  readonly extra: JsonObject;

  constructor(code: string, extra: JsonObject = {}) {
    super(code);
    this.code = code;
    this.extra = extra;
  }
}

/** Throws a Slack API error; handlers read as `return fail('channel_not_found')`. */
export function fail(code: string, extra: JsonObject = {}): never {
  throw new SlackApiError(code, extra);
}

/**
 * Typed access to Web API arguments. WebClient sends forms, so nested values (blocks, view, metadata, files) arrive as
 * JSON strings; JSON bodies send them as values. Both are accepted, as Slack does.
 */
export class Args {
  readonly raw: JsonObject;

  constructor(raw: JsonObject) {
    this.raw = raw;
  }

  /** A string argument (numbers are stringified, as a form would carry them). */
  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    return typeof value === 'string' ? value : String(value);
  }

  /** A JSON argument: decodes a JSON-encoded form field, passes JSON-body values through. */
  json(name: string): unknown {
    const value = this.raw[name];
    if (typeof value !== 'string') return value;
    if (value === '') return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return fail('invalid_json', { detail: `${name} is not valid JSON` });
    }
  }

  /** A boolean argument ("true"/"1"/true). */
  bool(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === '') return undefined;
    return value === true || value === 'true' || value === '1' || value === 1;
  }

  /** An integer argument. */
  int(name: string): number | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : Number.parseInt(value, 10);
  }

  /** A comma-separated (or array) list argument. */
  list(name: string): string[] {
    const value = this.raw[name];
    if (Array.isArray(value)) return value.map(String);
    const text = this.string(name);
    if (text?.startsWith('[')) return (this.json(name) as unknown[]).map(String);
    return text
      ? text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  }
}

/** What a handler receives. */
export interface ApiContext {
  core: SandboxCore;
  args: Args;
  method: string;
}

/** A Web API method implementation: returns the success body (without `ok`) or throws via {@link fail}. */
export type ApiHandler = (ctx: ApiContext) => JsonObject | Promise<JsonObject>;
