import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestPathFor } from '../../main/engine/models/manifest';
import { json, runCli, type CliResult } from '../support/run-cli';
import { pngFolder } from '../training/fixtures';
import { textFolder } from '../autoregressive/tiny-runs';

/**
 * The autoregressive commands of the built `latent-studio`, as a user runs them: train a text
 * model and a PixelCNN a few steps, export both, then generate (same seed, same text), BLEU of
 * continuations of the run's held-out passages (equal to `eval bleu --hyp --ref` on the same
 * texts), bits/char and bits/dim with `eval nll`, and PixelCNN samples (same seed, same image).
 */
let dir: string;
const data = () => join(dir, 'data');
const cli = (...args: string[]): Promise<CliResult> => runCli(args, data());

/** The last JSON line a `train --json` printed. */
function trained(r: CliResult): string {
  if (r.code !== 0) throw new Error(`train failed (${r.code}): ${r.stderr}`);
  const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { done: boolean; model: string };
  expect(last.done).toBe(true);
  return last.model;
}

const TINY = ['--steps', '3', '--batch', '4', '--layers', '1', '--seed', '3', '--json'];
let textRun: string;
let textModel: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latent-ar-cli-'));
  textRun = join(dir, 'text-run');
  const modelDir = trained(
    await cli(
      'train',
      await textFolder(),
      '--family',
      'text',
      '--out',
      textRun,
      '--heads',
      '2',
      '--context',
      '16',
      '--width',
      '16',
      ...TINY,
    ),
  );
  textModel = join(dir, 'tiny-text.onnx');
  const exported = json<{ autoregressive: string }>(
    await cli('export-onnx', modelDir, '--out', textModel, '--json'),
  );
  expect(exported.autoregressive).toBe('text');
}, 900_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('text model commands', () => {
  it('generate: the same seed gives the same text, with the asked number of tokens', async () => {
    const args = ['generate', '--model', textModel, '--prompt', 'The garden ', '--json'];
    const a = json<{ text: string; tokens: number }>(
      await cli(...args, '--max-tokens', '20', '--seed', '5', '--top-k', '8', '--top-p', '0.9'),
    );
    expect(a.tokens).toBe(20);
    expect(Array.from(a.text)).toHaveLength(20);
    const again = json(
      await cli(...args, '--max-tokens', '20', '--seed', '5', '--top-k', '8', '--top-p', '0.9'),
    );
    expect(again).toEqual(a);
    const bad = await cli(...args, '--top-p', '1.5');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/top-p|topP/);
  });

  it('eval bleu --model: continuations of held-out passages, scored as eval bleu scores files', async () => {
    const heldout = join(textRun, 'heldout');
    expect((await readdir(heldout)).length).toBeGreaterThan(0);
    const r = json<{
      bleu: number;
      precisions: number[];
      tokenize: string;
      smooth: string;
      passages: number;
      promptChars: number;
      continuationChars: number;
      examples: { prompt: string; reference: string; generated: string }[];
    }>(
      await cli(
        'eval',
        'bleu',
        '--model',
        textModel,
        '--heldout',
        heldout,
        '--prompt-tokens',
        '32',
        '--max-tokens',
        '48',
        '--count',
        '2',
        '--json',
      ),
    );
    expect(r).toMatchObject({ tokenize: '13a', smooth: 'exp', promptChars: 32 });
    expect(r.passages).toBe(r.examples.length);
    expect(r.precisions).toHaveLength(4);
    expect(r.bleu).toBeGreaterThanOrEqual(0);
    expect(r.bleu).toBeLessThanOrEqual(1);
    for (const e of r.examples) {
      expect(Array.from(e.prompt)).toHaveLength(32);
      expect(Array.from(e.generated)).toHaveLength(Array.from(e.reference).length);
    }
    // The same figure from the file-based command on the same continuations and references.
    const line = (s: string) => s.replace(/\s+/g, ' ').trim();
    await writeFile(join(dir, 'hyp.txt'), r.examples.map((e) => line(e.generated)).join('\n'));
    await writeFile(join(dir, 'ref.txt'), r.examples.map((e) => line(e.reference)).join('\n'));
    const files = json<{ bleu: number; precisions: number[] }>(
      await cli(
        'eval',
        'bleu',
        '--hyp',
        join(dir, 'hyp.txt'),
        '--ref',
        join(dir, 'ref.txt'),
        '--json',
      ),
    );
    expect(files.bleu).toBeCloseTo(r.bleu, 12);
    expect(files.precisions).toEqual(r.precisions);
  });

  it('eval nll: bits per character and perplexity on the held-out text', async () => {
    const r = json<{ bitsPerChar: number; perplexity: number; chars: number }>(
      await cli('eval', 'nll', join(textRun, 'heldout'), '--model', textModel, '--json'),
    );
    const manifest = JSON.parse(await readFile(manifestPathFor(textModel, 'onnx'), 'utf8')) as {
      autoregressive: { vocab: string[] };
    };
    expect(r.chars).toBeGreaterThan(100);
    // Three steps from a uniform start: near log2(vocabulary), far from zero.
    expect(r.bitsPerChar).toBeGreaterThan(1);
    expect(r.bitsPerChar).toBeLessThan(Math.log2(manifest.autoregressive.vocab.length) + 1.5);
    expect(r.perplexity).toBeCloseTo(2 ** r.bitsPerChar, 10);
  });
});

describe('PixelCNN commands', () => {
  let images: string;
  let model: string;
  beforeAll(async () => {
    images = await pngFolder(
      [
        [220, 30, 30],
        [20, 60, 200],
      ],
      3,
    );
    const modelDir = trained(
      await cli(
        'train',
        images,
        '--family',
        'pixelcnn',
        '--size',
        '28',
        '--width',
        '6',
        '--out',
        join(dir, 'pixel-run'),
        ...TINY,
      ),
    );
    model = join(dir, 'tiny-pixelcnn.onnx');
    expect(
      json<{ autoregressive: string }>(await cli('export-onnx', modelDir, '--out', model, '--json'))
        .autoregressive,
    ).toBe('image');
  }, 900_000);

  it('sample: images from seeds, the same seed giving the same picture', async () => {
    const sample = (out: string) =>
      cli('sample', '--model', model, '--seed', '4', '--count', '2', '--out', out, '--json');
    const a = json<{ files: string[] }>(await sample(join(dir, 'a')));
    const b = json<{ files: string[] }>(await sample(join(dir, 'b')));
    expect(a.files).toHaveLength(2);
    // Pixels, not file bytes (the PNG's metadata may differ).
    const { default: sharp } = await import('sharp');
    const bytes = (f: string) => sharp(f).raw().toBuffer();
    expect(await bytes(b.files[0]!)).toEqual(await bytes(a.files[0]!));
    expect(await bytes(a.files[1]!)).not.toEqual(await bytes(a.files[0]!));
  });

  it('eval nll: bits per dimension on an image folder', async () => {
    const r = json<{ bitsPerDim: number; images: number; dimensions: number }>(
      await cli('eval', 'nll', images, '--model', model, '--json'),
    );
    expect(r.images).toBe(6);
    expect(r.dimensions).toBe(6 * 3 * 28 * 28);
    // A barely trained model: about log2(256) = 8 bits, certainly not 0.
    expect(r.bitsPerDim).toBeGreaterThan(4);
    expect(r.bitsPerDim).toBeLessThan(10);
  });
});
