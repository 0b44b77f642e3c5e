import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers, Req, Res } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { decodePngRgba } from '../../main/engine/image/png';
import { readPngMetadata } from '../../main/engine/image/png-metadata';
import { openTempStudio } from '../support/temp-studio';

/**
 * Videos, animations, path previews and sprite sheets of a diffusion model are rendered with the
 * chosen sampler, steps and eta, as PNG batches are (the bundled Fashion-MNIST diffusion model,
 * 32×32 greyscale, 2 or 4 DDIM steps to stay quick).
 */
type Temp = Awaited<ReturnType<typeof openTempStudio>>;
let temp: Temp;
const MODEL = 'bundled-fashion-mnist-diffusion';
const TWO = { sampler: 'ddim', steps: 2, eta: 0 } as const;
const FOUR = { sampler: 'ddim', steps: 4, eta: 0 } as const;

async function call<C extends keyof Handlers>(channel: C, request: Req<C>): Promise<Res<C>> {
  const result = await dispatch(temp.studio.handlers, channel, request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as Res<C>;
}

/** One image of the model at `seed`, rendered with `sampling` (the reference for every frame). */
async function frameOf(seed: number, sampling: typeof TWO | typeof FOUR): Promise<Buffer> {
  const { frame } = await call('render.frame', {
    modelId: MODEL,
    latent: { kind: 'seed', seed },
    sampling,
  });
  return Buffer.from(frame.rgba);
}

const path = {
  modelId: MODEL,
  keyframes: [
    { kind: 'seed' as const, seed: 3 },
    { kind: 'seed' as const, seed: 4 },
  ],
  segments: [{ duration: 1, easing: 'linear' as const, interpolation: 'slerp' as const }],
  loop: false,
  fps: 1, // two frames: exactly the keyframes
};

beforeAll(async () => {
  temp = await openTempStudio();
});
afterAll(async () => temp.close());

describe('diffusion sampling in videos and sprite sheets', () => {
  it('an APNG of a path is rendered with the chosen steps and records them', async () => {
    const [two, four] = await Promise.all([frameOf(3, TWO), frameOf(3, FOUR)]);
    expect(two.equals(four)).toBe(false); // the step count shows in the pixels
    for (const [sampling, expected] of [
      [TWO, two],
      [FOUR, four],
    ] as const) {
      const file = join(temp.dataDir, 'out', `path-${sampling.steps}.png`);
      const result = await call('export.video', { ...path, format: 'apng', file, sampling });
      expect(result).toMatchObject({ frames: 2, width: 32, height: 32, sampling });
      const bytes = new Uint8Array(await readFile(file));
      // The APNG's default image is its first frame: keyframe 1, rendered with those steps.
      expect(Buffer.from(decodePngRgba(bytes).rgba).equals(expected)).toBe(true);
      // Its chunk holds the first frame's x_T (no seed: path frames are latents) and the sampling.
      expect(readPngMetadata(bytes)).toMatchObject({ seed: null, latentDim: 1024, sampling });
    }
  });

  it('the path preview (render.path) samples as the video does', async () => {
    const preview = await call('render.path', { ...path, sampling: TWO });
    expect(Buffer.from(preview.frames[1]!.rgba).equals(await frameOf(4, TWO))).toBe(true);
    const other = await call('render.path', { ...path, sampling: FOUR });
    expect(Buffer.from(other.frames[1]!.rgba).equals(await frameOf(4, FOUR))).toBe(true);
  });

  it('a sprite sheet is rendered with the chosen steps, and its atlas records them', async () => {
    const cells = async (sampling: typeof TWO | typeof FOUR) => {
      const file = join(temp.dataDir, 'sheets', `sheet-${sampling.steps}.png`);
      const result = await call('export.spriteSheet', {
        modelId: MODEL,
        latents: path.keyframes,
        columns: 2,
        file,
        sampling,
      });
      expect(result.sampling).toEqual(sampling);
      const atlas = JSON.parse(await readFile(result.atlas, 'utf8')) as { sampling?: unknown };
      expect(atlas.sampling).toEqual(sampling);
      const sheet = decodePngRgba(new Uint8Array(await readFile(file)));
      expect([sheet.width, sheet.height]).toEqual([64, 32]);
      // The right cell (seed 4), row by row.
      const cell = Buffer.alloc(32 * 32 * 4);
      for (let y = 0; y < 32; y++)
        cell.set(sheet.rgba.subarray((y * 64 + 32) * 4, (y * 64 + 64) * 4), y * 32 * 4);
      return cell;
    };
    const [two, four] = [await cells(TWO), await cells(FOUR)];
    expect(two.equals(await frameOf(4, TWO))).toBe(true);
    expect(four.equals(await frameOf(4, FOUR))).toBe(true);
    expect(two.equals(four)).toBe(false);
  });
});
