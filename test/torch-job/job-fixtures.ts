import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainConfig } from '../../main/contract/training-schemas';
import { createRng } from '../../main/engine/latent/prng';
import { readTensors } from '../../main/engine/training/checkpoint';
import { maxRelativeError } from '../autodiff/tolerance';
import { REPO_ROOT } from '../support/temp-studio';
import { DIST_TIMEOUT_ARGS, mustRunPython } from './torch-python';

export const ASSETS = join(REPO_ROOT, 'assets');

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `torch-job-${prefix}-`));

/** A folder of `count` random-pixel PNGs (40×40 RGB): varied data, so every weight gets a gradient. */
export async function noiseFolder(count: number, seed = 3): Promise<string> {
  const { default: sharp } = await import('sharp');
  const dir = join(await tempDir('images'), 'images');
  await mkdir(dir);
  const rng = createRng(seed);
  for (let i = 0; i < count; i++) {
    const px = Uint8Array.from({ length: 40 * 40 * 3 }, () => Math.floor(rng.nextFloat() * 256));
    await sharp(px, { raw: { width: 40, height: 40, channels: 3 } })
      .png()
      .toFile(join(dir, `img-${String(i).padStart(3, '0')}.png`));
  }
  return dir;
}

export function tinyConfig(
  family: 'gan' | 'vae',
  overrides: Partial<TrainConfig> = {},
): TrainConfig {
  return {
    family,
    size: 32,
    channels: 3,
    steps: 1,
    batch: 4,
    latentDim: 8,
    learningRate: 2e-3,
    loss: 'nonsaturating',
    diffAugment: family === 'gan',
    vaeBeta: 1,
    seed: 11,
    checkpointEvery: 1,
    previewEvery: 1000,
    keepCheckpoints: 10,
    background: 'white',
    runtime: 'ort',
    ...overrides,
  };
}

/** A settings file as export-job --config reads it (a model folder's config.json shape). */
export async function writeSettings(
  dir: string,
  config: TrainConfig,
  width: number,
  folder: string,
) {
  const file = join(dir, 'settings.json');
  await writeFile(file, JSON.stringify({ config, width, reconstruction: 'bce', folder }));
  return file;
}

/** Runs a job's train.py (one CPU thread per process) and returns its JSON result line. */
export async function runJob(
  jobDir: string,
  args: string[],
): Promise<{ step: number; model: string }> {
  const out = await mustRunPython(
    ['train.py', '--json', '--threads', '1', ...DIST_TIMEOUT_ARGS, ...args],
    jobDir,
  );
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as { step: number; model: string };
}

export async function lossLog(
  dir: string,
): Promise<Array<{ step: number; losses: Record<string, number> }>> {
  return JSON.parse(await readFile(join(dir, 'training-log.json'), 'utf8')) as Array<{
    step: number;
    losses: Record<string, number>;
  }>;
}

/** The worst relative error (tolerance.ts) per kind of state tensor, between two checkpoint folders. */
export async function compareStates(
  a: string,
  b: string,
): Promise<{ worst: Record<string, { error: number; name: string }>; count: number }> {
  const A = (await readTensors(a)).state;
  const B = (await readTensors(b)).state;
  const worst: Record<string, { error: number; name: string }> = {};
  const names = Object.keys(B);
  for (const name of names) {
    const kind = /^adam\.[^.]+\.m\./.test(name)
      ? 'adam m'
      : /^adam\.[^.]+\.v\./.test(name)
        ? 'adam v'
        : name.startsWith('ema.')
          ? 'ema'
          : /running(Mean|Var)$/.test(name)
            ? 'running stats'
            : 'weights';
    const error = A[name] ? maxRelativeError(A[name], B[name]!) : Number.POSITIVE_INFINITY;
    if (!worst[kind] || error > worst[kind].error) worst[kind] = { error, name };
  }
  if (Object.keys(A).length !== names.length)
    worst.names = { error: Infinity, name: 'tensor sets differ' };
  return { worst, count: names.length };
}
