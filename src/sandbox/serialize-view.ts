import type { SandboxCore } from './core.js';
import type { JsonObject, SandboxView } from './types.js';

/** A view as views.open/push/update/publish return it and as interaction payloads carry it. */
export function viewJson(core: SandboxCore, view: SandboxView): JsonObject {
  const spec = view.spec;
  return {
    id: view.id,
    team_id: core.identity.teamId,
    type: view.type,
    blocks: spec.blocks ?? [],
    private_metadata: spec.private_metadata ?? '',
    callback_id: spec.callback_id ?? '',
    state: { values: view.stateValues },
    hash: view.hash,
    title: spec.title ?? { type: 'plain_text', text: 'View Title', emoji: true },
    clear_on_close: spec.clear_on_close ?? false,
    notify_on_close: spec.notify_on_close ?? false,
    close: spec.close ?? null,
    submit: spec.submit ?? null,
    previous_view_id: view.previousViewId,
    root_view_id: view.rootViewId,
    app_id: core.identity.appId,
    external_id: spec.external_id ?? '',
    app_installed_team_id: core.identity.teamId,
    bot_id: core.identity.botId,
  };
}
