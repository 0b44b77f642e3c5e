import type { CharVocab } from '../autoregressive/char-vocab';
import { windowStarts, type TextCorpus } from '../autoregressive/text-corpus';
import type { BatchSource } from './data-source';

/**
 * A text corpus as the trainer's BatchSource: each sample is a window of context + 1 token ids
 * (as float32) at a seeded random position of the training passages; batch k is drawn from
 * (seed, k) alone, so the state to resume is just the number of batches drawn. `size` and
 * `channels` echo the config (the trainer's image check), they mean nothing for text.
 */
export interface TextBatchSource extends BatchSource {
  readonly vocab: CharVocab;
  readonly trainIds: Int32Array;
  readonly heldOutIds: Int32Array;
  readonly corpus: TextCorpus;
}

export function textSource(
  corpus: TextCorpus,
  vocab: CharVocab,
  context: number,
  seed: number,
  echo: { size: number; channels: 1 | 3 },
): TextBatchSource {
  const trainIds = vocab.encode(corpus.train.join(''));
  const heldOutIds = vocab.encode(corpus.heldOut.join(''));
  const window = context + 1;
  if (trainIds.length < window + 1)
    throw new Error(
      `${corpus.folder} has ${trainIds.length} characters to train on; a context of ${context} needs more than ${window}.`,
    );
  let draws = 0;
  let tokens = 0;
  return {
    vocab,
    trainIds,
    heldOutIds,
    corpus,
    count: Math.max(1, Math.floor(trainIds.length / context)),
    size: echo.size,
    channels: echo.channels,
    async next(batch) {
      const out = new Float32Array(batch * window);
      const starts = windowStarts(seed, draws, batch, trainIds.length, window);
      starts.forEach((s, b) => {
        for (let t = 0; t < window; t++) out[b * window + t] = trainIds[s + t]!;
      });
      draws += 1;
      tokens += batch * context;
      return out;
    },
    epoch: () => tokens / Math.max(1, trainIds.length),
    state: () => ({ draws, tokens }),
    restore(state) {
      const s = state as { draws?: unknown; tokens?: unknown } | null;
      if (typeof s?.draws !== 'number' || typeof s.tokens !== 'number')
        throw new Error('The checkpoint does not hold a position in the text (draws).');
      draws = s.draws;
      tokens = s.tokens;
    },
  };
}
