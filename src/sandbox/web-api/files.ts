import { isObject } from '../block-limits.js';
import { fileJsonById } from '../serialize.js';
import type { JsonObject } from '../types.js';
import { type ApiHandler, fail } from './args.js';
import { postAsBot } from './chat.js';
import { channelForBotWrite, checkMessagePayload } from './common.js';

/** files.uploadV2 step 1: reserve a file id and hand out an upload URL served by the stand-in. */
const getUploadURLExternal: ApiHandler = ({ core, args }) => {
  const name = args.string('filename');
  const length = args.int('length');
  if (!name || length === undefined || Number.isNaN(length)) return fail('invalid_arguments');
  const { file, path } = core.files.reserve({
    name,
    length,
    altText: args.string('alt_text'),
    user: core.identity.botUserId,
  });
  return { upload_url: `${core.baseUrl}${path}`, file_id: file.id };
};

/** files.uploadV2 step 3: finish the uploads and share them (one message, like Slack's file share). */
const completeUploadExternal: ApiHandler = ({ core, args, method }) => {
  const entries = args.json('files');
  if (!Array.isArray(entries) || entries.length === 0) return fail('invalid_arguments');
  const files = entries.filter(isObject).map((entry) => {
    const file = typeof entry.id === 'string' ? core.files.all.get(entry.id) : undefined;
    // A file whose bytes never arrived cannot be completed; Slack reports it as not found.
    if (!file?.bytes) return fail('file_not_found');
    if (typeof entry.title === 'string') file.title = entry.title;
    return file;
  });
  const channelId = args.string('channel_id') ?? args.string('channels');
  if (channelId) {
    const channel = channelForBotWrite(core, channelId);
    const text = args.string('initial_comment') ?? '';
    const blocks = args.json('blocks');
    if (text || blocks) checkMessagePayload(core, method, { text, blocks });
    for (const file of files) file.channels.push(channel.id);
    postAsBot(core, {
      channel: channel.id,
      text,
      blocks: Array.isArray(blocks) ? (blocks as JsonObject[]) : undefined,
      threadTs: args.string('thread_ts'),
      files: files.map((f) => f.id),
    });
  }
  for (const file of files) file.completed = true;
  return { files: files.map((f) => ({ id: f.id, title: f.title })) };
};

const info: ApiHandler = ({ core, args }) => {
  const id = args.string('file');
  const file = id ? fileJsonById(core, id) : undefined;
  if (!file) return fail('file_not_found');
  return { file, comments: [], response_metadata: { next_cursor: '' } };
};

/** files.getUploadURLExternal, files.completeUploadExternal, files.info. */
export const fileMethods: Record<string, ApiHandler> = {
  'files.getUploadURLExternal': getUploadURLExternal,
  'files.completeUploadExternal': completeUploadExternal,
  'files.info': info,
};
