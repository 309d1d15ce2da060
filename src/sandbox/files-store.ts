import type { IdFactory } from './ids.js';
import type { SandboxFile } from './types.js';

/** Files created by files.getUploadURLExternal, filled by the upload POST, shared by files.completeUploadExternal. */
export class FileStore {
  readonly all = new Map<string, SandboxFile>();
  /** Upload URL path → file id. */
  readonly #uploads = new Map<string, string>();
  readonly #ids: IdFactory;
  readonly #now: () => number;

  constructor(ids: IdFactory, now: () => number) {
    this.#ids = ids;
    this.#now = now;
  }

  /** Step 1: reserves a file id and an upload URL path (`/upload/v1/<secret>`, as files.slack.com uses). */
  reserve(input: { name: string; length: number; altText?: string; user: string }): {
    file: SandboxFile;
    path: string;
  } {
    const file: SandboxFile = {
      id: this.#ids.next('F'),
      name: input.name,
      title: input.name,
      length: input.length,
      altText: input.altText,
      user: input.user,
      created: Math.floor(this.#now() / 1000),
      channels: [],
      completed: false,
    };
    const path = `/upload/v1/${this.#ids.secret(16)}`;
    this.all.set(file.id, file);
    this.#uploads.set(path, file.id);
    return { file, path };
  }

  /** Step 2: stores the bytes POSTed to an upload URL; undefined for an unknown URL. */
  receive(path: string, bytes: Buffer): SandboxFile | undefined {
    const id = this.#uploads.get(path);
    const file = id ? this.all.get(id) : undefined;
    if (file) file.bytes = bytes;
    return file;
  }
}
