import type { Deps } from '../../../deps.js';
import { KB_REVIEW_ACTIONS } from '../../blocks/knowledge-entry.js';
import { KB_ACTIONS } from '../../blocks/knowledge-results.js';
import { KB_LINK_EXISTING } from '../../blocks/knowledge-save.js';
import type { ListenerRouter } from '../../listener-router.js';
import { kbEntryAction, kbPageAction } from './kb-actions.js';
import { kbLinkExisting } from './kb-link.js';
import { kbReviewAction } from './kb-review.js';

/** Registers every knowledge-base button, so the shared actions index needs one line for all of them. */
export function registerKbActions(router: ListenerRouter, deps: Deps): void {
  router.action(KB_ACTIONS.view, kbEntryAction(deps, 'view'));
  router.action(KB_ACTIONS.share, kbEntryAction(deps, 'share'));
  router.action(KB_ACTIONS.helpful, kbEntryAction(deps, 'helpful'));
  router.action(KB_ACTIONS.missed, kbEntryAction(deps, 'missed'));
  router.action(new RegExp(`^${KB_ACTIONS.page}_(prev|next)$`), kbPageAction(deps));
  router.action(KB_REVIEW_ACTIONS.stillRight, kbReviewAction(deps, 'still-right'));
  router.action(KB_REVIEW_ACTIONS.update, kbReviewAction(deps, 'update'));
  router.action(KB_REVIEW_ACTIONS.retire, kbReviewAction(deps, 'retire'));
  router.action(KB_LINK_EXISTING, kbLinkExisting(deps));
}
