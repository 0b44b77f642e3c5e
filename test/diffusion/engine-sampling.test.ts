import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Frame } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { decodePngRgba } from '../../main/engine/image/png';
import { openTempStudio } from '../support/temp-studio';
import { diffusionFixture } from './fixtures';

/**
 * Diffusion models through the real engine (handlers, inference scheduler, onnxruntime), as every
 * shell drives it: the library, grids vs single frames, PNG round trips, live denoising, cancel.
 */
let temp: Awaited<ReturnType<typeof openTempStudio>>;
let modelId: string;
const call = async <T>(channel: string, request: unknown): Promise<T> => {
  const result = await dispatch(temp.studio.handlers, channel, request);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
};
/** The typed error a failed call ends with (code and words). */
async function failure(pending: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await pending;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected the call to fail');
}
const fast = { sampler: 'ddim', steps: 8 } as const;
const same = (a: Frame, b: Frame) => Buffer.from(a.rgba).equals(Buffer.from(b.rgba));

beforeAll(async () => {
  temp = await openTempStudio();
  const { model } = await call<{ model: { id: string; kind: string } }>('models.import', {
    path: diffusionFixture('unet-rgb32-int64.onnx'),
  });
  modelId = model.id;
});
afterAll(() => temp.close());

describe('a diffusion model in the library', () => {
  it('is listed with kind "diffusion", its scheduler and its x_T latent', async () => {
    const { models } = await call<{ models: Record<string, unknown>[] }>('models.list', {});
    const info = models.find((m) => m.id === modelId);
    expect(info).toMatchObject({
      kind: 'diffusion',
      name: 'Fixture U-Net unet-rgb32-int64',
      props: { latentDim: 3 * 32 * 32, channels: 3, width: 32, height: 32, range: [-1, 1] },
      diffusion: {
        schedulerSource: 'manifest',
        scheduler: { beta_schedule: 'linear', prediction_type: 'epsilon', clip_sample: true },
        timestep: { name: 'timestep', type: 'int64', shape: 'batch' },
        defaults: { sampler: 'ddim', steps: 50, eta: 0 },
      },
    });
    // Generators say what they are too.
    expect(models.find((m) => m.id === 'bundled-fashion-mnist-vae')).toMatchObject({
      kind: 'generator',
    });
  });

  it('refuses a conditioned U-Net in words, naming the file, and keeps the library intact', async () => {
    const err = await failure(
      call('models.import', { path: diffusionFixture('unet-conditional.onnx') }),
    );
    expect(err.code).toBe('MODEL_REJECTED');
    expect(err.message).toMatch(/"unet-conditional\.onnx".*encoder_hidden_states/);
    const { models } = await call<{ models: { id: string }[] }>('models.list', {});
    expect(models.some((m) => m.id === modelId)).toBe(true);
  });

  it('refuses a manifest whose scheduler it cannot honour, naming the manifest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diffusion-manifest-'));
    try {
      const model = join(dir, 'unet.onnx');
      await copyFile(diffusionFixture('unet-rgb16-int32-sample.onnx'), model);
      await writeFile(
        join(dir, 'unet.json'),
        JSON.stringify({ kind: 'diffusion', scheduler: { thresholding: true } }),
      );
      const err = await failure(call('models.import', { path: model }));
      expect(err.code).toBe('BAD_FILE');
      expect(err.message).toMatch(/"unet\.json".*scheduler\.thresholding.*not supported/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sampling a diffusion model', () => {
  it('renders a grid whose images equal single frames of the same seeds (DDIM and DDPM)', async () => {
    for (const sampling of [fast, { sampler: 'ddpm', steps: 8 }] as const) {
      const { frames } = await call<{ frames: Frame[] }>('render.grid', {
        modelId,
        seed: 40,
        count: 3,
        sampling,
      });
      expect(frames.map((f) => f.seed)).toEqual([40, 41, 42]);
      const { frame } = await call<{ frame: Frame }>('render.frame', {
        modelId,
        latent: { kind: 'seed', seed: 41 },
        sampling,
      });
      expect(same(frame, frames[1]!), sampling.sampler).toBe(true);
      expect(same(frames[0]!, frames[1]!)).toBe(false);
    }
  });

  it('gives different images for DDIM, DDIM with eta and DDPM, and for a lower noise scale', async () => {
    const render = async (sampling: object, truncation?: number) =>
      (
        await call<{ frame: Frame }>('render.frame', {
          modelId,
          latent: { kind: 'seed', seed: 7, truncation },
          sampling,
        })
      ).frame;
    const frames = [
      await render(fast),
      await render({ ...fast, eta: 1 }),
      await render({ sampler: 'ddpm', steps: 8 }),
      await render(fast, 0.5),
    ];
    for (let i = 0; i < frames.length; i++)
      for (let j = i + 1; j < frames.length; j++) expect(same(frames[i]!, frames[j]!)).toBe(false);
    expect(same(await render({ ...fast, eta: 1 }), frames[1]!)).toBe(true); // seeded noise
  });

  it('exports PNGs that restore x_T and the sampler: same pixels when rendered again', async () => {
    const dir = join(temp.dataDir, 'export-test');
    const sampling = { sampler: 'ddpm', steps: 6 } as const;
    const { files, sampling: used } = await call<{ files: string[]; sampling: object }>(
      'export.images',
      { modelId, items: [{ latent: { kind: 'seed', seed: 9 } }], dir, sampling },
    );
    expect(used).toEqual({ sampler: 'ddpm', steps: 6, eta: 0 });
    const bytes = new Uint8Array(await readFile(files[0]!));
    const { metadata } = await call<{
      metadata: { z: string; seed: number; sampling: object; latentDim: number };
    }>('png.read', { bytes });
    expect(metadata).toMatchObject({ seed: 9, latentDim: 3072, sampling: used });
    const { frame } = await call<{ frame: Frame }>('render.frame', {
      modelId,
      latent: { kind: 'z', z: metadata.z },
      sampling: metadata.sampling,
    });
    expect(Buffer.from(frame.rgba).equals(Buffer.from(decodePngRgba(bytes).rgba))).toBe(true);
  });

  it('slerps between two noises: the ends are the two seeds’ images', async () => {
    const waypoints = [
      { kind: 'seed', seed: 1 },
      { kind: 'seed', seed: 2 },
    ];
    const { frames } = await call<{ frames: Frame[] }>('render.strip', {
      modelId,
      waypoints,
      frames: 4,
      method: 'slerp',
      sampling: fast,
    });
    expect(frames).toHaveLength(4);
    for (const [i, latent] of [
      [0, waypoints[0]],
      [3, waypoints[1]],
    ] as const) {
      const { frame } = await call<{ frame: Frame }>('render.frame', {
        modelId,
        latent,
        sampling: fast,
      });
      expect(same(frame, frames[i]!)).toBe(true);
    }
  });

  it('says in words when the steps do not fit the scheduler', async () => {
    const { model } = await call<{ model: { id: string } }>('models.import', {
      path: diffusionFixture('unet-rgb16-int32-sample.onnx'),
    });
    const err = await failure(
      call('render.frame', {
        modelId: model.id,
        latent: { kind: 'seed', seed: 1 },
        sampling: { steps: 600 },
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/1 to 500 steps/);
  });

  it('lets a newer live frame on the same stream supersede an older one mid-run', async () => {
    const older = call('render.frame', {
      modelId,
      latent: { kind: 'seed', seed: 3 },
      stream: 'probe',
      sampling: { steps: 200 },
    });
    await new Promise((r) => setTimeout(r, 30));
    const newer = call<{ frame: Frame }>('render.frame', {
      modelId,
      latent: { kind: 'seed', seed: 4 },
      stream: 'probe',
      sampling: fast,
    });
    await expect(older).rejects.toMatchObject({ code: 'SUPERSEDED' });
    expect((await newer).frame.width).toBe(32);
  });
});

describe('live denoising', () => {
  it('streams the predicted x0 of every step, ending on the final image', async () => {
    const steps: EventPayload<'diffusion.step'>[] = [];
    const off = temp.studio.onEvent((event, payload) => {
      if (event === 'diffusion.step') steps.push(payload as EventPayload<'diffusion.step'>);
    });
    try {
      const latent = { kind: 'seed', seed: 11 };
      const res = await call<{ frame: Frame; steps: number }>('diffusion.denoise', {
        modelId,
        latent,
        sampling: { steps: 10 },
        jobId: 'denoise-1',
      });
      expect(res.steps).toBe(10);
      expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(steps.map((s) => s.timestep)).toEqual([
        900, 800, 700, 600, 500, 400, 300, 200, 100, 0,
      ]);
      expect(steps.every((s) => s.jobId === 'denoise-1' && s.total === 10)).toBe(true);
      // The x0 guesses change as noise is removed; with set_alpha_to_one the last guess is the image.
      expect(same(steps[0]!.frame, steps[9]!.frame)).toBe(false);
      expect(same(steps[9]!.frame, res.frame)).toBe(true);
      const { frame } = await call<{ frame: Frame }>('render.frame', {
        modelId,
        latent,
        sampling: { steps: 10 },
      });
      expect(same(frame, res.frame)).toBe(true);
    } finally {
      off();
    }
  });

  it('stops between steps when the job is cancelled', async () => {
    let seen = 0;
    const off = temp.studio.onEvent((event) => {
      if (event === 'diffusion.step' && ++seen === 2)
        void call('job.cancel', { jobId: 'denoise-2' });
    });
    try {
      await expect(
        call('diffusion.denoise', {
          modelId,
          latent: { kind: 'seed', seed: 12 },
          sampling: { steps: 500 },
          jobId: 'denoise-2',
        }),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(seen).toBeGreaterThanOrEqual(2);
      expect(seen).toBeLessThan(20);
    } finally {
      off();
    }
  });

  it('refuses live denoising of a generator in words', async () => {
    const err = await failure(
      call('diffusion.denoise', {
        modelId: 'bundled-fashion-mnist-vae',
        latent: { kind: 'seed', seed: 1 },
        jobId: 'denoise-3',
      }),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/not a diffusion model/);
  });
});
