import { join } from 'node:path';
import { generationSettingsSchema } from '../../contract/autoregressive-schemas';
import { StudioError } from '../../contract/channels';
import { isPixelCnnModel } from '../../engine/autoregressive/onnx-models';
import { pixelNll } from '../../engine/autoregressive/pixel-eval';
import { heldOutBleu, readHeldOut, textNll } from '../../engine/autoregressive/text-eval';
import { TextModelLibrary } from '../../engine/autoregressive/text-library';
import type { SamplingSettings } from '../../engine/autoregressive/text-generate';
import { BLEU_DEFAULTS, GENERATE_DEFAULTS } from '../../engine/handlers/text-handlers';
import type { BleuSmoothing } from '../../engine/metrics/bleu';
import type { BleuTokenizer } from '../../engine/metrics/bleu-tokenize';
import { manifestPathFor, readManifest } from '../../engine/models/manifest';
import { resolveModelFile } from '../../engine/models/load-generator';
import { packageRoot } from '../cli-context';
import { printResult, UsageError } from '../output';
import { choice, evalEnvironment, list, optionalInt, single, type EvalOptions } from './eval-args';

/**
 * Autoregressive commands (issue 11): `generate` (text from a prompt), `eval nll` (bits/dim of a
 * PixelCNN on images, bits/char and perplexity of a text model on text) and `eval bleu --model`
 * (BLEU of a text model's continuations of held-out passages). Text models live in the text
 * library (bundled, imported, or an .onnx path with its manifest).
 */
export const TEXT_USAGE = `  generate --model M --prompt "…" [--max-tokens N] [--temperature T] [--top-k K] [--top-p P]
           [--seed S] [--json]          text from a text model: {text, tokens}; same seed, same text
  eval nll SOURCE --model M [--json]    PixelCNN: {bitsPerDim} on an image folder;
                                        text model: {bitsPerChar, perplexity} on a .txt/.md folder or file
  eval bleu --model M --heldout DIR [--prompt-tokens K] [--max-tokens N] [--count N]
            [--temperature T] [--top-k K] [--top-p P] [--seed S] [--smooth …] [--tokenize …] [--json]
            BLEU of the model's continuations of held-out passages (prompt K characters, default 64;
            reference and continuation N characters, default 64; at most --count passages, default 50)`;

function textLibrary(): TextModelLibrary {
  const { dataDir } = evalEnvironment();
  return new TextModelLibrary({ dataDir, assetsDir: join(packageRoot(), 'assets') });
}

const str = (o: EvalOptions, name: string) => list(o[name])[0];

function samplingFrom(o: EvalOptions, defaults: SamplingSettings): SamplingSettings {
  const num = (name: string) => (str(o, name) === undefined ? undefined : Number(str(o, name)));
  const parsed = generationSettingsSchema.safeParse({
    temperature: num('temperature'),
    topK: num('top-k'),
    topP: num('top-p'),
    seed: num('seed'),
  });
  if (!parsed.success)
    throw new UsageError(
      `Invalid sampling settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} (temperature 0–10, top-k ≥ 0, top-p in (0, 1], seed a whole number)`,
    );
  const s = parsed.data;
  return {
    temperature: s.temperature ?? defaults.temperature,
    topK: s.topK ?? defaults.topK,
    topP: s.topP ?? defaults.topP,
    seed: s.seed ?? defaults.seed,
  };
}

export async function generateCommand(o: EvalOptions, json: boolean): Promise<void> {
  const modelArg = single(o, 'model', 'M');
  const prompt = str(o, 'prompt') ?? '';
  const maxTokens = optionalInt(o, 'max-tokens', 1) ?? GENERATE_DEFAULTS.maxTokens;
  if (maxTokens > 4096) throw new UsageError('--max-tokens is at most 4096');
  const sampling = samplingFrom(o, GENERATE_DEFAULTS);
  const lib = textLibrary();
  try {
    const { model } = await lib.model(modelArg);
    // Streamed as it is made, unless the caller wants one JSON object.
    const r = await model.generate(
      prompt,
      { ...sampling, maxTokens },
      json ? {} : { onToken: (t) => void process.stdout.write(model.vocab.decode([t])) },
    );
    if (json) printResult(true, { ...r, prompt, sampling: { ...sampling, maxTokens } }, () => '');
    else process.stdout.write('\n');
  } finally {
    await lib.dispose();
  }
}

/** Text or image? The manifest beside the model says (a library id is looked up in both). */
async function modality(modelArg: string): Promise<'text' | 'image'> {
  if (/\.onnx$/i.test(modelArg)) {
    const file = await resolveModelFile(modelArg);
    const m = await readManifest(manifestPathFor(file.file, 'onnx'));
    return m?.autoregressive?.modality === 'text' ? 'text' : 'image';
  }
  const known = await textLibrary().list();
  return known.some((m) => m.id === modelArg) ? 'text' : 'image';
}

export async function evalNllCommand(
  o: EvalOptions,
  positionals: string[],
  json: boolean,
): Promise<void> {
  const source = positionals[0];
  if (!source) throw new UsageError('eval nll needs a SOURCE (an image folder, or text)');
  const modelArg = single(o, 'model', 'M');
  if ((await modality(modelArg)) === 'text') {
    const lib = textLibrary();
    try {
      const { model } = await lib.model(modelArg);
      const r = await textNll(model, await readHeldOut(source));
      printResult(
        json,
        r,
        () =>
          `${r.bitsPerChar.toFixed(4)} bits/char, perplexity ${r.perplexity.toFixed(3)} per character (${r.chars} characters in ${r.passages} passage(s))`,
      );
    } finally {
      await lib.dispose();
    }
    return;
  }
  const { library } = evalEnvironment();
  const { generator } = await library.generator(modelArg);
  if (!isPixelCnnModel(generator))
    throw new StudioError(
      'BAD_REQUEST',
      `${modelArg} is not an autoregressive model: it has no likelihood to measure (eval nll takes a PixelCNN or a text model).`,
    );
  const r = await pixelNll(generator, source, optionalInt(o, 'count', 1));
  printResult(
    json,
    r,
    () =>
      `${r.bitsPerDim.toFixed(4)} bits/dim on ${r.images} image(s) (${r.dimensions} sub-pixels)`,
  );
}

const SMOOTHINGS: readonly BleuSmoothing[] = ['exp', 'floor', 'add-k', 'none', 'epsilon'];
const TOKENIZERS: readonly BleuTokenizer[] = ['13a', 'none'];

export async function evalModelBleuCommand(o: EvalOptions, json: boolean): Promise<void> {
  const modelArg = single(o, 'model', 'M');
  const heldout = single(o, 'heldout', 'DIR');
  const promptChars = optionalInt(o, 'prompt-tokens', 1) ?? BLEU_DEFAULTS.promptChars;
  const continuationChars = optionalInt(o, 'max-tokens', 1) ?? BLEU_DEFAULTS.continuationChars;
  const sampling = samplingFrom(o, BLEU_DEFAULTS.sampling);
  const lib = textLibrary();
  try {
    const { model } = await lib.model(modelArg);
    const r = await heldOutBleu(model, await readHeldOut(heldout), {
      promptChars,
      continuationChars,
      sampling,
      tokenize: choice(o.tokenize, TOKENIZERS, '13a', 'tokenize'),
      smooth: choice(o.smooth, SMOOTHINGS, 'exp', 'smooth'),
      maxPassages: optionalInt(o, 'count', 1) ?? BLEU_DEFAULTS.maxPassages,
      onPassage: (done, total) => {
        if (!json && (done === total || done % 10 === 0))
          process.stderr.write(`latent-studio: passage ${done}/${total}\n`);
      },
    });
    printResult(
      json,
      r,
      () =>
        `BLEU ${(100 * r.bleu).toFixed(2)} (×100)  ${r.precisions.map((p) => (100 * p).toFixed(1)).join('/')}  BP ${r.brevityPenalty.toFixed(3)}  hyp ${r.hypLen} ref ${r.refLen}  [tok ${r.tokenize}, smooth ${r.smooth}; ${r.passages} passages, prompt ${promptChars} chars, continuation ${continuationChars} chars, temperature ${sampling.temperature}, top-k ${sampling.topK}, top-p ${sampling.topP}, seed ${sampling.seed}]`,
    );
  } finally {
    await lib.dispose();
  }
}
