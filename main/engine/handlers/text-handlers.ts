import type { Handlers } from '../../contract/channels';
import { heldOutBleu, readHeldOut, textNll } from '../autoregressive/text-eval';
import { TextModelLibrary } from '../autoregressive/text-library';
import type { StudioContext } from './studio-context';

type TextHandlers = Pick<
  Handlers,
  'text.models' | 'text.import' | 'text.generate' | 'text.nll' | 'text.bleu'
>;

/** Defaults of generation and of BLEU's continuations (the CLI uses the same). */
export const GENERATE_DEFAULTS = { maxTokens: 200, temperature: 1, topK: 0, topP: 1, seed: 0 };
export const BLEU_DEFAULTS = {
  promptChars: 64,
  continuationChars: 64,
  maxPassages: 50,
  sampling: { temperature: 0.8, topK: 0, topP: 0.95, seed: 1 },
};

/**
 * The text channels over a TextModelLibrary of the studio's data folder and bundled assets.
 * Generation runs off the image inference scheduler (a text model never competes for a canvas
 * frame) and checks for cancellation before every token.
 */
export function textHandlers(
  ctx: StudioContext,
  assetsDir: string,
): { handlers: TextHandlers; library: TextModelLibrary; dispose(): Promise<void> } {
  const library = new TextModelLibrary({ assetsDir, dataDir: ctx.dataDir });
  const handlers: TextHandlers = {
    async 'text.models'() {
      return { models: await library.list() };
    },
    async 'text.import'({ path, name }) {
      return { model: await library.import(path, name) };
    },
    async 'text.generate'({ modelId, prompt, settings, jobId }) {
      const { model } = await library.model(modelId);
      const used = { ...GENERATE_DEFAULTS, ...settings };
      const job = ctx.jobs.start(jobId);
      try {
        const r = await model.generate(prompt, used, {
          beforeStep: () => job.throwIfCancelled(),
          ...(jobId && {
            onToken: (token, index) =>
              ctx.events.emit('text.token', {
                jobId,
                index,
                text: model.vocab.decode([token]),
              }),
          }),
        });
        return { ...r, settings: used };
      } finally {
        job.finish();
      }
    },
    async 'text.nll'({ modelId, source }) {
      const { model } = await library.model(modelId);
      return textNll(model, await readHeldOut(source));
    },
    async 'text.bleu'(r) {
      const { model } = await library.model(r.modelId);
      const job = ctx.jobs.start(r.jobId);
      try {
        return await heldOutBleu(model, await readHeldOut(r.heldout), {
          promptChars: r.promptChars ?? BLEU_DEFAULTS.promptChars,
          continuationChars: r.continuationChars ?? BLEU_DEFAULTS.continuationChars,
          maxPassages: r.maxPassages ?? BLEU_DEFAULTS.maxPassages,
          sampling: { ...BLEU_DEFAULTS.sampling, ...r.settings },
          tokenize: r.tokenize ?? '13a',
          smooth: r.smooth ?? 'exp',
          beforeStep: () => job.throwIfCancelled(),
          onPassage: (done, total) => job.progress(done, total, 'Continuing held-out passages'),
        });
      } finally {
        job.finish();
      }
    },
  };
  return { handlers, library, dispose: () => library.dispose() };
}
