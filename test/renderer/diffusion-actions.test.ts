import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError, type StudioApi } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { Studio } from '../../main/engine/studio';
import { decodePngRgba } from '../../main/engine/image/png';
import { createActions } from '../../renderer/src/actions';
import { openPng } from '../../renderer/src/actions/png';
import { createDiffusionStore } from '../../renderer/src/diffusion/diffusion-store';
import { denoiseLive } from '../../renderer/src/diffusion/live-denoise';
import { withDiffusionSampling } from '../../renderer/src/diffusion/sampling-api';
import { createStore } from '../../renderer/src/state/store';
import { initialState, type StudioState } from '../../renderer/src/state/studio';
import { diffusionFixture } from '../diffusion/fixtures';
import { openTempStudio } from '../support/temp-studio';

/**
 * The renderer's diffusion wiring against the real engine in-process: the sampler settings reach
 * every render and export of a diffusion model without the panels knowing, a dropped PNG brings
 * its own settings back, and live denoising fills the view step by step.
 */
let temp: Awaited<ReturnType<typeof openTempStudio>>;
let modelId: string;
const sent: { channel: string; sampling: unknown }[] = [];

function engineApi(studio: Studio): StudioApi {
  return {
    invoke: async (channel, request) => {
      sent.push({ channel, sampling: 'sampling' in request ? request.sampling : undefined });
      const result = await dispatch(studio.handlers, channel, request);
      if (!result.ok) throw new StudioError(result.error.code, result.error.message);
      return result.value as never;
    },
    on: (event, listener) =>
      studio.onEvent((name, payload) => {
        if (name === event) listener(payload as never);
      }),
  };
}

function setup() {
  const store = createStore<StudioState>(initialState);
  const diffusion = createDiffusionStore();
  const isDiffusion = (id: string) =>
    store.get().models.some((m) => m.id === id && m.kind === 'diffusion');
  const api = withDiffusionSampling(engineApi(temp.studio), isDiffusion, diffusion);
  return { store, diffusion, api, actions: createActions({ api, store }) };
}

beforeAll(async () => {
  temp = await openTempStudio('browser');
  const result = await dispatch(temp.studio.handlers, 'models.import', {
    path: diffusionFixture('unet-rgb32-int64.onnx'),
  });
  if (!result.ok) throw new Error(result.error.message);
  modelId = (result.value as { model: { id: string } }).model.id;
});
afterAll(() => temp.close());

describe('diffusion sampling in the renderer', () => {
  it('samples the grid of a diffusion model with the chosen settings, generators without', async () => {
    const { store, diffusion, actions } = setup();
    await actions.init();
    await actions.selectModel(modelId);
    diffusion.set({ sampling: { sampler: 'ddpm', steps: 4 } });
    sent.length = 0;
    await actions.sample();
    const grid = sent.find((s) => s.channel === 'render.grid');
    expect(grid?.sampling).toEqual({ sampler: 'ddpm', steps: 4 });
    const { frames } = await engineApi(temp.studio).invoke('render.grid', {
      modelId,
      seed: store.get().seed,
      count: 1,
      truncation: store.get().truncation,
      sampling: { sampler: 'ddpm', steps: 4 },
    });
    expect(Buffer.from(store.get().grid[0]!.frame.rgba)).toEqual(Buffer.from(frames[0]!.rgba));

    await actions.selectModel('bundled-fashion-mnist-vae');
    sent.length = 0;
    await actions.sample();
    expect(sent.find((s) => s.channel === 'render.grid')?.sampling).toBeUndefined();
  });

  it('restores a dropped PNG with the sampler that made it: same pixels', async () => {
    const { store, diffusion, actions, api } = setup();
    await actions.init();
    await actions.selectModel(modelId);
    diffusion.set({ sampling: { sampler: 'ddim', steps: 6, eta: 0.5 } });
    const { files } = await api.invoke('export.images', {
      modelId,
      items: [{ latent: { kind: 'seed', seed: 77 } }],
      dir: `${temp.dataDir}/exported`,
    });
    diffusion.set({ sampling: { sampler: 'ddpm', steps: 3 } }); // the user moved on
    const bytes = new Uint8Array(await readFile(files[0]!));
    await openPng(actions.ctx, bytes, 'x.png');
    expect(diffusion.get().sampling).toEqual({ sampler: 'ddim', steps: 6, eta: 0.5 });
    const key = store.get().selection[0]!;
    expect(Buffer.from(store.get().items[key]!.frame.rgba)).toEqual(
      Buffer.from(decodePngRgba(bytes).rgba),
    );
  });

  it('shows every denoising step of the seed in the live view', async () => {
    const { store, diffusion, actions } = setup();
    await actions.init();
    await actions.selectModel(modelId);
    diffusion.set({ sampling: { steps: 5 } });
    const seen: number[] = [];
    const off = diffusion.subscribe(() => {
      const live = diffusion.get().live;
      if (live.jobId && live.frame && seen.at(-1) !== live.step) seen.push(live.step);
    });
    await denoiseLive(actions.ctx, diffusion);
    off();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const live = diffusion.get().live;
    expect(live).toMatchObject({ jobId: null, step: 5, total: 5 });
    const { frame } = await engineApi(temp.studio).invoke('render.frame', {
      modelId,
      latent: { kind: 'seed', seed: store.get().seed, truncation: store.get().truncation },
      sampling: { steps: 5 },
    });
    expect(Buffer.from(live.frame!.rgba)).toEqual(Buffer.from(frame.rgba));
  });
});
