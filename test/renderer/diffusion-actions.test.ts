import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError, type SamplingRequest, type StudioApi } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { Studio } from '../../main/engine/studio';
import { decodePngRgba } from '../../main/engine/image/png';
import { readPngMetadata } from '../../main/engine/image/png-metadata';
import { createActions } from '../../renderer/src/app/actions';
import { openPng } from '../../renderer/src/features/explore/png';
import { withDiffusionSampling } from '../../renderer/src/features/diffusion/sampling-api';
import { gridItems, itemOf } from '../../renderer/src/store/selectors';
import { createStudioStore } from '../../renderer/src/store/store';
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

const windows: Array<{ dispose(): Promise<void> }> = [];

function setup() {
  const store = createStudioStore();
  const api = withDiffusionSampling(engineApi(temp.studio), store);
  const actions = createActions({ api, store });
  windows.push(actions);
  /** The sampler settings (a document field) and the live view, as the panel reads and sets them. */
  const diffusion = {
    get: () => ({
      ...store.getState().diffusion,
      sampling: store.getState().doc.diffusionSampling,
    }),
    set: ({ sampling }: { sampling: SamplingRequest }) => actions.setDiffusionSampling(sampling),
    subscribe: (listener: () => void) => store.subscribe(listener),
  };
  return { store, diffusion, api, actions };
}

beforeAll(async () => {
  temp = await openTempStudio('browser');
  const result = await dispatch(temp.studio.handlers, 'models.import', {
    path: diffusionFixture('unet-rgb32-int64.onnx'),
  });
  if (!result.ok) throw new Error(result.error.message);
  modelId = (result.value as { model: { id: string } }).model.id;
});
afterAll(async () => {
  await Promise.all(windows.splice(0).map((w) => w.dispose()));
  await temp.close();
});

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
      seed: store.getState().doc.sampling.seed,
      count: 1,
      truncation: store.getState().doc.sampling.truncation,
      sampling: { sampler: 'ddpm', steps: 4 },
    });
    expect(Buffer.from(gridItems(store.getState())[0]!.frame.rgba)).toEqual(
      Buffer.from(frames[0]!.rgba),
    );

    await actions.selectModel('bundled-fashion-mnist-vae');
    sent.length = 0;
    await actions.sample();
    expect(sent.find((s) => s.channel === 'render.grid')?.sampling).toBeUndefined();
  });

  it('exports the selection of a diffusion model through export.batch, rendered with and recording the chosen sampling', async () => {
    const { store, diffusion, actions } = setup();
    await actions.init();
    await actions.selectModel(modelId);
    diffusion.set({ sampling: { sampler: 'ddim', steps: 3, eta: 0.25 } });
    await actions.sample();
    const order = store.getState().doc.gridKeys;
    actions.select(order[0]!, 'single', order);
    const dir = join(temp.dataDir, 'diffusion-batch');
    actions.setExportSettings({ template: '{name}_{index}', folder: dir, scale: 1 });
    sent.length = 0;
    await actions.exportSelected();
    // The same channel as every other model, with the choice passed through; no export.images.
    expect(sent.map((s) => s.channel)).toEqual(['export.batch']);
    expect(sent[0]!.sampling).toEqual({ sampler: 'ddim', steps: 3, eta: 0.25 });
    const status = store.getState().exportStatus;
    expect(status).toBe(`Saved 1 file to ${dir}`);

    const item = itemOf(store.getState(), order[0]!)!;
    const file = join(dir, `${item.name}_0001.png`);
    const bytes = new Uint8Array(await readFile(file));
    const metadata = readPngMetadata(bytes, file) as { seed: number; sampling: unknown };
    expect(metadata.sampling).toEqual({ sampler: 'ddim', steps: 3, eta: 0.25 });
    expect(metadata.seed).toBe(item.seed);
    // Rendered with that choice: the very pixels the grid shows (sampled with it), and not the
    // pixels of another step count.
    expect(Buffer.from(decodePngRgba(bytes).rgba)).toEqual(Buffer.from(item.frame.rgba));
    const { frame } = await engineApi(temp.studio).invoke('render.frame', {
      modelId,
      latent: {
        kind: 'seed',
        seed: item.seed!,
        truncation: store.getState().doc.sampling.truncation,
      },
      sampling: { sampler: 'ddim', steps: 2, eta: 0.25 },
    });
    expect(Buffer.from(decodePngRgba(bytes).rgba)).not.toEqual(Buffer.from(frame.rgba));
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
    const key = store.getState().doc.selection.at(-1)!;
    expect(Buffer.from(itemOf(store.getState(), key)!.frame.rgba)).toEqual(
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
    await actions.denoiseLive();
    off();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const live = diffusion.get().live;
    expect(live).toMatchObject({ jobId: null, step: 5, total: 5 });
    const { frame } = await engineApi(temp.studio).invoke('render.frame', {
      modelId,
      latent: {
        kind: 'seed',
        seed: store.getState().doc.sampling.seed,
        truncation: store.getState().doc.sampling.truncation,
      },
      sampling: { steps: 5 },
    });
    expect(Buffer.from(live.frame!.rgba)).toEqual(Buffer.from(frame.rgba));
  });
});
