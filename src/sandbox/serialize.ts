import type { SandboxCore } from './core.js';
import type { JsonObject, SandboxChannel, SandboxMessage, SandboxUser } from './types.js';

/** The app's bot_profile as Slack attaches it to messages (keys common to every java-slack-sdk sample). */
export function botProfile(core: SandboxCore): JsonObject {
  const { identity } = core;
  const icon = 'https://a.slack-edge.com/80588/img/plugins/app/bot_48.png';
  return {
    id: identity.botId,
    deleted: false,
    name: identity.botName,
    updated: Math.floor(core.now() / 1000),
    app_id: identity.appId,
    icons: { image_36: icon, image_48: icon, image_72: icon },
    team_id: identity.teamId,
  };
}

/** A message as the Web API returns it (chat.postMessage `message`, conversations.history/replies `messages[]`). */
export function messageJson(core: SandboxCore, m: SandboxMessage, options: { inEvent?: boolean } = {}): JsonObject {
  const json: JsonObject = { type: 'message', text: m.text, user: m.user, ts: m.ts, team: core.identity.teamId };
  if (m.subtype) json.subtype = m.subtype;
  if (m.botId) {
    json.bot_id = m.botId;
    if (!options.inEvent) json.app_id = core.identity.appId;
    json.bot_profile = botProfile(core);
  }
  if (m.blocks) json.blocks = m.blocks;
  if (m.attachments) json.attachments = m.attachments;
  if (m.metadata) json.metadata = m.metadata;
  if (m.edited) json.edited = m.edited;
  if (m.threadTs) json.thread_ts = m.threadTs;
  if (m.threadTs && m.threadTs !== m.ts) {
    json.parent_user_id = core.messages.find(m.channel, m.threadTs)?.user;
  }
  if (m.replies.length > 0) {
    const users = core.messages.replyUsers(m);
    Object.assign(json, {
      reply_count: m.replies.length,
      reply_users_count: users.length,
      latest_reply: m.replies.at(-1),
      // Event samples (message_changed / message_deleted) never carry reply_users.
      ...(options.inEvent ? {} : { reply_users: users }),
    });
  }
  if (m.reactions.length > 0) {
    json.reactions = m.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length }));
  }
  if (m.files && !options.inEvent) json.files = m.files.flatMap((id) => fileJsonById(core, id) ?? []);
  return json;
}

/** A user as users.info returns it. */
export function userJson(core: SandboxCore, user: SandboxUser): JsonObject {
  const [first = '', ...rest] = user.realName.split(' ');
  const image = `https://secure.gravatar.com/avatar/${user.id}.jpg`;
  return {
    id: user.id,
    team_id: core.identity.teamId,
    name: user.name,
    deleted: user.deleted,
    color: '9f69e7',
    real_name: user.realName,
    tz: user.tz,
    tz_label: tzLabel(user.tz, core.now()),
    tz_offset: tzOffsetSeconds(user.tz, core.now()),
    profile: {
      title: '',
      phone: '',
      real_name: user.realName,
      real_name_normalized: user.realName,
      display_name: user.name,
      display_name_normalized: user.name,
      status_text: '',
      status_emoji: '',
      avatar_hash: 'g0000000000',
      email: user.email,
      first_name: first,
      last_name: rest.join(' '),
      image_24: image,
      image_48: image,
      image_72: image,
      team: core.identity.teamId,
      ...(user.botId
        ? { bot_id: user.botId, api_app_id: user.id === core.identity.botUserId ? core.identity.appId : '' }
        : {}),
    },
    is_admin: user.isAdmin,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.isBot,
    is_app_user: false,
    updated: Math.floor(core.now() / 1000),
    is_email_confirmed: !user.isBot,
    who_can_share_contact_card: 'EVERYONE',
  };
}

/** A conversation as conversations.info returns it. */
export function channelJson(core: SandboxCore, channel: SandboxChannel): JsonObject {
  const isMember = channel.members.has(core.identity.botUserId);
  const base: JsonObject = {
    id: channel.id,
    created: channel.created,
    is_archived: channel.isArchived,
    is_im: channel.isIm,
    is_org_shared: false,
    context_team_id: core.identity.teamId,
    updated: core.now(),
  };
  if (channel.isIm) return { ...base, is_member: true, last_read: '0000000000.000000' };
  const topic = (value: string) => ({
    value,
    creator: value ? channel.creator : '',
    last_set: value ? channel.created : 0,
  });
  return {
    ...base,
    name: channel.name,
    is_channel: !channel.isMpim,
    is_group: false,
    is_mpim: channel.isMpim,
    is_private: channel.isPrivate,
    is_general: false,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_ext_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    creator: channel.creator,
    is_member: isMember,
    topic: topic(channel.topic),
    purpose: topic(channel.purpose),
    previous_names: [],
    num_members: channel.members.size,
  };
}

/** A file as files.info / files.completeUploadExternal return it. */
export function fileJsonById(core: SandboxCore, id: string): JsonObject | undefined {
  const file = core.files.all.get(id);
  if (!file) return undefined;
  const ext = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : 'text';
  const url = `${core.baseUrl}/files-pri/${core.identity.teamId}-${file.id}/${encodeURIComponent(file.name)}`;
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title: file.title,
    mimetype: MIME[ext] ?? 'application/octet-stream',
    filetype: ext,
    pretty_type: ext.toUpperCase(),
    user: file.user,
    user_team: core.identity.teamId,
    editable: false,
    size: file.bytes?.length ?? file.length,
    mode: 'hosted',
    is_external: false,
    is_public: file.channels.some((c) => core.state.channels.get(c)?.isPrivate === false),
    url_private: url,
    url_private_download: `${url}?download=1`,
    permalink: `https://${core.identity.teamDomain}.slack.com/files/${file.user}/${file.id}/${file.name}`,
    channels: file.channels,
    ...(file.altText ? { alt_txt: file.altText } : {}),
  };
}

const MIME: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  pdf: 'application/pdf',
};

/** Seconds east of UTC for `tz` at `now` (DST-aware), as users.info's tz_offset. */
export function tzOffsetSeconds(tz: string, now: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(new Date(now))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === '-' ? -seconds : seconds;
}

function tzLabel(tz: string, now: number): string {
  return (
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
      .formatToParts(new Date(now))
      .find((p) => p.type === 'timeZoneName')?.value ?? tz
  );
}
