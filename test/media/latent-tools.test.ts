import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers, Req, Res } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { LatentSpec } from '../../main/contract/latent-spec';
import { base64ToFloat32 } from '../../main/engine/latent/base64';
import { REPO_ROOT, openTempStudio } from '../support/temp-studio';

type Temp = Awaited<ReturnType<typeof openTempStudio>>;
let temp: Temp;
const VAE = 'bundled-fashion-mnist-vae';
const PAIR = join(REPO_ROOT, 'test', 'fixtures', 'vae-pair');
const TINY = join(PAIR, 'tiny-vae.onnx');

async function call<C extends keyof Handlers>(channel: C, request: Req<C>): Promise<Res<C>> {
  const result = await dispatch(temp.studio.handlers, channel, request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as Res<C>;
}
const seed = (s: number): LatentSpec => ({ kind: 'seed', seed: s });
const zOf = async (latent: LatentSpec, modelId = VAE) =>
  base64ToFloat32((await call('latent.resolve', { modelId, latent })).z);
const norm = (z: Float32Array) => Math.hypot(...z);
const pixels = async (latent: LatentSpec, modelId = VAE) =>
  (await call('render.frame', { modelId, latent })).frame.rgba;
function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 4) s += Math.abs(a[i]! - b[i]!);
  return s / (a.length / 4) / 255;
}

beforeAll(async () => {
  temp = await openTempStudio();
});
afterAll(async () => temp.close());

describe('breeding', () => {
  it('is deterministic, crossover copies whole chunks of the parents, mutation keeps the scale', async () => {
    const request = {
      modelId: VAE,
      parents: [seed(1), seed(2)],
      operation: 'crossover' as const,
      strength: 0,
      seed: 7,
      count: 4,
      chunks: 8,
    };
    const a = await call('latent.breed', request);
    const b = await call('latent.breed', request);
    expect(a.children.map((c) => c.z)).toEqual(b.children.map((c) => c.z));
    expect(new Set(a.children.map((c) => c.z)).size).toBeGreaterThan(1);
    const [p1, p2] = [await zOf(seed(1)), await zOf(seed(2))];
    const child = base64ToFloat32(a.children[0]!.z);
    for (let start = 0; start < child.length; start += child.length / 8) {
      const chunk = [...child.subarray(start, start + child.length / 8)];
      const from1 = chunk.every((x, i) => x === p1[start + i]);
      const from2 = chunk.every((x, i) => x === p2[start + i]);
      expect(from1 || from2).toBe(true);
    }
    // The child spec resolves to the same z anywhere (lineage can replay it).
    expect(await zOf(a.children[1]!.latent)).toEqual(base64ToFloat32(a.children[1]!.z));
    const mutated = await call('latent.breed', {
      ...request,
      operation: 'mutate',
      parents: [seed(1)],
      strength: 0.5,
      count: 2,
    });
    const m = base64ToFloat32(mutated.children[0]!.z);
    expect(norm(m) / norm(p1)).toBeGreaterThan(0.7);
    expect(norm(m) / norm(p1)).toBeLessThan(1.3);
    expect(
      meanAbsDiff(await pixels(mutated.children[0]!.latent), await pixels(seed(1))),
    ).toBeGreaterThan(0.005);
  });
});

describe('arithmetic and attribute vectors', () => {
  it('a − b + c is rescaled to the mean length of its inputs', async () => {
    const [a, b, c] = [await zOf(seed(1)), await zOf(seed(2)), await zOf(seed(3))];
    const result = await zOf({ kind: 'arithmetic', a: seed(1), b: seed(2), c: seed(3) });
    expect(norm(result)).toBeCloseTo((norm(a) + norm(b) + norm(c)) / 3, 3);
    const raw = await zOf({
      kind: 'arithmetic',
      a: seed(1),
      b: seed(2),
      c: seed(3),
      renormalize: false,
    });
    expect(raw[5]).toBeCloseTo(a[5]! - b[5]! + c[5]!, 5);
  });

  it('an attribute vector is mean(A) − mean(B) and moves the latent as a direction', async () => {
    const { vector } = await call('directions.attribute', {
      modelId: VAE,
      setA: [seed(1), seed(3)],
      setB: [seed(2)],
    });
    const v = base64ToFloat32(vector);
    const [a1, a3, b2] = [await zOf(seed(1)), await zOf(seed(3)), await zOf(seed(2))];
    expect(v[9]).toBeCloseTo((a1[9]! + a3[9]!) / 2 - b2[9]!, 5);
    const moved = await zOf({ kind: 'direction', base: seed(2), moves: [{ vector, amount: 1 }] });
    expect(moved[9]).toBeCloseTo((a1[9]! + a3[9]!) / 2, 5);
  });
});

describe('PCA directions (GANSpace)', () => {
  it('uses the graph’s early activation, is deterministic, and a slider changes the image', async () => {
    const request = { modelId: VAE, count: 3, samples: 96, seed: 3 };
    const first = await call('directions.pca', request);
    const again = await call('directions.pca', request);
    expect(first.features).toMatch(/^activation /);
    expect(first.directions.map((d) => d.vector)).toEqual(again.directions.map((d) => d.vector));
    const explained = first.directions.map((d) => d.explained);
    expect(explained[0]).toBeGreaterThan(explained[2]!);
    const vector = first.directions[0]!.vector;
    const base = seed(11);
    const before = await pixels(base);
    const after = await pixels({ kind: 'direction', base, moves: [{ vector, amount: 3 }] });
    const small = await pixels({ kind: 'direction', base, moves: [{ vector, amount: 0.3 }] });
    expect(meanAbsDiff(before, after)).toBeGreaterThan(0.02);
    expect(meanAbsDiff(before, after)).toBeGreaterThan(meanAbsDiff(before, small));
  });

  it('falls back to the evaluator’s image features when asked', async () => {
    const result = await call('directions.pca', {
      modelId: VAE,
      count: 2,
      samples: 32,
      features: 'image',
    });
    expect(result.features).toMatch(/^image features fashion-mnist/);
    expect(norm(base64ToFloat32(result.directions[0]!.vector))).toBeGreaterThan(0);
  });
});

describe('image to latent', () => {
  it('a VAE with an encoder beside it encodes an image to a latent that renders it back', async () => {
    const { model } = await call('models.import', { path: TINY });
    expect(model.hasEncoder).toBe(true);
    const bytes = new Uint8Array(await readFile(join(PAIR, 'blob.png')));
    const encoded = await call('image.encode', {
      modelId: model.id,
      image: { bytes, name: 'blob.png' },
    });
    expect(encoded.source.file).toBe('blob.png');
    expect(base64ToFloat32(encoded.z)).toHaveLength(4);
    const target = (
      await call('image.encode', { modelId: model.id, image: { path: join(PAIR, 'blob.png') } })
    ).z;
    expect(target).toBe(encoded.z);
    const { frame } = await call('render.frame', { modelId: model.id, latent: encoded.latent });
    const sharp = (await import('sharp')).default;
    const goal = await sharp(join(PAIR, 'blob.png')).ensureAlpha().raw().toBuffer();
    const reconstruction = meanAbsDiff(frame.rgba, new Uint8Array(goal));
    const random = meanAbsDiff(
      (await call('render.frame', { modelId: model.id, latent: seed(5) })).frame.rgba,
      new Uint8Array(goal),
    );
    expect(reconstruction).toBeLessThan(0.06);
    expect(reconstruction).toBeLessThan(random / 2);
  });

  it('models without an encoder say so; a non-image is refused naming it', async () => {
    // The bundled CPPN is a generator alone (the bundled VAE ships its encoder).
    const r1 = await dispatch(temp.studio.handlers, 'image.encode', {
      modelId: 'bundled-placeholder-cppn',
      image: { path: join(PAIR, 'blob.png') },
    });
    expect(r1.ok ? '' : r1.error.message).toMatch(
      /has no encoder.*placeholder-cppn\.encoder\.onnx/,
    );
    const r2 = await dispatch(temp.studio.handlers, 'image.encode', {
      modelId: TINY,
      image: { bytes: new Uint8Array([1, 2, 3]), name: 'junk.png' },
    });
    expect(r2.ok ? '' : r2.error.message).toMatch(/"junk\.png" is not an image/);
  });

  it('projection searches the latent space, reports progress, and gets closer than the mean latent', async () => {
    const events: number[] = [];
    const stop = temp.studio.onEvent((event, payload) => {
      if (event === 'projection.progress') events.push((payload as { distance: number }).distance);
    });
    const result = await call('image.project', {
      modelId: TINY,
      image: { path: join(PAIR, 'blob.png') },
      steps: 12,
      seed: 1,
      jobId: 'p1',
    });
    stop();
    expect(result.steps).toBe(12);
    expect(result.optimizer).toMatch(/^sep-CMA-ES \(perceptual: fashion-mnist/);
    expect(events).toHaveLength(12);
    expect(events.at(-1)!).toBeLessThanOrEqual(events[0]!);
    expect(result.cancelled).toBe(false);
    // The mean latent (z = 0) as a baseline, scored by a 1-step search from the same start.
    const sharp = (await import('sharp')).default;
    const goal = new Uint8Array(await sharp(join(PAIR, 'blob.png')).ensureAlpha().raw().toBuffer());
    const mean = (
      await call('render.frame', {
        modelId: TINY,
        latent: { kind: 'z', z: Buffer.alloc(16).toString('base64') },
      })
    ).frame.rgba;
    expect(meanAbsDiff(result.frame.rgba, goal)).toBeLessThan(meanAbsDiff(mean, goal));
    expect(result.distance).toBeCloseTo(result.perceptualDistance! + result.pixelDistance, 1);
  });
});
