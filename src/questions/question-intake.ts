import * as communities from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import * as questions from './question.repository.js';
import type { AcceptOutcome, AskInput } from './question.service.js';

/** The most questions one statement writes; a bigger burst is written in several. */
const MAX_BATCH = 100;

/**
 * Gathers the /ask questions that reach the app together and stores them in one batch (acceptQuestions): one INSERT
 * and one queue call for the batch instead of one each. A question waits for nothing but the end of the event-loop
 * turn it arrived in (setImmediate), so a lone /ask is written at once; under a burst — 50 requests in flight — the
 * acks that share the app's event loop no longer queue behind 50 inserts and 50 Redis round trips
 * (docs/benchmarks.md, ack_p99). Every caller gets its own outcome, or the batch's error.
 */
export class QuestionIntake {
  #waiting: Array<{ input: AskInput; resolve: (outcome: AcceptOutcome) => void; reject: (error: unknown) => void }> =
    [];
  #scheduled = false;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'queue' | 'now'>,
    private readonly maxBatch = MAX_BATCH,
  ) {}

  accept(input: AskInput): Promise<AcceptOutcome> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#waiting.length >= this.maxBatch) {
        void this.#write();
      } else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#write());
      }
    });
  }

  async #write(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#waiting.splice(0, this.maxBatch);
    if (this.#waiting.length > 0 && !this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => void this.#write());
    }
    if (batch.length === 0) return;
    try {
      const outcomes = await acceptQuestions(
        this.deps,
        batch.map((waiting) => waiting.input),
      );
      for (const [i, waiting] of batch.entries()) waiting.resolve(outcomes[i] as AcceptOutcome);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}

const intakes = new WeakMap<object, QuestionIntake>();

/** The process's intake for these deps (one per app process; tests get their own with their own deps). */
export function questionIntakeFor(deps: Pick<Deps, 'db' | 'queue' | 'now'>): QuestionIntake {
  let intake = intakes.get(deps);
  if (!intake) {
    intake = new QuestionIntake(deps);
    intakes.set(deps, intake);
  }
  return intake;
}

/**
 * The app's half of /ask (command or modal): store the question in the channel's community and queue its posting,
 * nothing else. Slack waits on the app's event loop for every ack, so everything slow (tag inference, the post,
 * knowledge search, routing) runs in the worker; and a queued job survives an app restart, where work done after the
 * ack in the app would be lost. The question joins the process's QuestionIntake, which writes the questions that
 * arrive together in one statement and queues their jobs in one call.
 */
export function acceptQuestion(deps: Deps, input: AskInput): Promise<AcceptOutcome> {
  return questionIntakeFor(deps).accept(input);
}

/**
 * Stores a batch of questions (in order) and queues their posting; one outcome per input, in the same order. The
 * community is found inside the insert; only for questions that were not stored is it looked up again, to tell a
 * channel outside every community from a redelivered request. The rows hold the text, so the jobs carry only ids.
 * If the jobs cannot be queued the batch's rows are removed again and the call fails: every caller tells its asker
 * that nothing was saved.
 */
export async function acceptQuestions(
  deps: Pick<Deps, 'db' | 'queue' | 'now'>,
  inputs: readonly AskInput[],
): Promise<AcceptOutcome[]> {
  const askedAt = deps.now();
  const stored = await questions.insertQuestionsInChannels(
    deps.db,
    inputs.map((input) => ({
      teamId: input.teamId,
      channelId: input.channelId,
      askerId: input.userId,
      title: input.title,
      details: input.details,
      // The tags the asker picked; the worker adds the ones it infers (synonyms, vocabulary, similar questions).
      tags: [...new Set(input.pickedTags)],
      requestKey: input.requestKey,
      askedAt,
    })),
  );
  // The first input with a stored key is that question; a second one with the same key (the same request twice in
  // one batch) is a redelivery, like an input whose key was stored before.
  const idByKey = new Map(stored.map((row) => [row.request_key, row.id]));
  const acceptedIds = inputs.map((input) => {
    const id = idByKey.get(input.requestKey);
    idByKey.delete(input.requestKey);
    return id;
  });
  const unstoredChannels = inputs.filter((_, i) => acceptedIds[i] === undefined).map((input) => input.channelId);
  const communityChannels = await communities.activeCommunityChannels(deps.db, unstoredChannels);
  const outcomes = inputs.map((input, i): AcceptOutcome => {
    const id = acceptedIds[i];
    if (id !== undefined) return { kind: 'accepted', questionId: id };
    return { kind: communityChannels.has(input.channelId) ? 'duplicate' : 'not-a-community' };
  });
  const ids = stored.map((row) => row.id);
  try {
    await deps.queue.addBulk(
      ids.map((questionId) => ({
        name: 'post-question' as const,
        data: { questionId },
        options: { jobId: `post-question-${questionId}` },
      })),
    );
  } catch (error) {
    await questions.deleteQuestions(deps.db, ids);
    throw error;
  }
  return outcomes;
}
