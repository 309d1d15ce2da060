import type { AskOutcome } from './question.service.js';

/** What the asker is told when their question could not be posted; the row was removed, so asking again is safe. */
export const ASK_FAILED_MESSAGE =
  'Sorry, something went wrong posting your question. Nothing was saved; please try again in a moment.';

/** The ephemeral line the asker sees for each outcome of /ask, or null when the posted question says it all. */
export function askOutcomeMessage(outcome: AskOutcome | { kind: 'not-a-community' }): string | null {
  switch (outcome.kind) {
    case 'not-a-community':
      return (
        "This channel isn't a community channel yet, so there is nobody to route your question to. " +
        "Ask in your community's channel, or have a coordinator run `/cop setup` here."
      );
    case 'bot-not-in-channel':
      return 'I need to be in this channel to post your question. Invite me with `/invite @Praxis` and ask again.';
    case 'duplicate':
      return null;
    case 'posted':
      return outcome.suggested > 0
        ? 'Your question is posted. I found knowledge that may answer it — have a look in the thread.'
        : 'Your question is posted. I am finding the members who know this best.';
  }
}
