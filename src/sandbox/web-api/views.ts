import { withGeneratedIds } from '../block-ids.js';
import { isObject } from '../block-limits.js';
import type { SandboxCore } from '../core.js';
import { viewJson } from '../serialize-view.js';
import type { JsonObject, SandboxView } from '../types.js';
import { type ApiContext, type ApiHandler, fail } from './args.js';

/**
 * Decodes and validates the `view` argument. Slack answers invalid views with `invalid_arguments` and the schema
 * complaints in `response_metadata.messages` (as seen in real answers, e.g. "[ERROR] … [json-pointer:/view/…]").
 */
export function viewSpec(core: SandboxCore, method: string, view: unknown, expected: 'modal' | 'home'): JsonObject {
  if (!isObject(view))
    return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
  const errors = core.validator.validateView(view);
  if (view.type !== expected) errors.unshift(`view.type must be "${expected}" for ${method} [json-pointer:/view/type]`);
  if (errors.length > 0) {
    core.validationFailures.push({ method, errors, payload: view, at: Date.now() });
    return fail('invalid_arguments', { response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
  }
  return { ...view, blocks: withGeneratedIds(view.blocks, () => core.ids.shortId()) };
}

function answer(core: SandboxCore, result: SandboxView | { error: string }): JsonObject {
  if ('error' in result) return fail(result.error);
  return { view: viewJson(core, result) };
}

function triggerUser({ core, args }: ApiContext): string {
  const trigger = core.triggers.consume(args.string('trigger_id'));
  return trigger.ok ? trigger.user : fail(trigger.error);
}

const open: ApiHandler = (ctx) => {
  const spec = viewSpec(ctx.core, ctx.method, ctx.args.json('view'), 'modal');
  const user = triggerUser(ctx);
  return answer(ctx.core, ctx.core.views.open(user, spec));
};

const push: ApiHandler = (ctx) => {
  const spec = viewSpec(ctx.core, ctx.method, ctx.args.json('view'), 'modal');
  const user = triggerUser(ctx);
  return answer(ctx.core, ctx.core.views.push(user, spec));
};

const update: ApiHandler = ({ core, args, method }) => {
  const viewId = args.string('view_id');
  const externalId = args.string('external_id');
  if (!viewId && !externalId)
    return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] view_id or external_id required'] } });
  const existing = viewId ? core.views.all.get(viewId) : undefined;
  const raw = args.json('view');
  const spec = viewSpec(core, method, raw, existing?.type ?? (isObject(raw) && raw.type === 'home' ? 'home' : 'modal'));
  return answer(core, core.views.update({ viewId, externalId, hash: args.string('hash') }, spec));
};

const publish: ApiHandler = ({ core, args, method }) => {
  const userId = args.string('user_id');
  const user = userId ? core.state.users.get(userId) : undefined;
  if (!user) return fail('user_not_found');
  const spec = viewSpec(core, method, args.json('view'), 'home');
  return answer(core, core.views.publish(user.id, spec, args.string('hash')));
};

/** views.* methods. */
export const viewMethods: Record<string, ApiHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
