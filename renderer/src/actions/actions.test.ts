import { describe, expect, it } from 'vitest';
import {
  StudioError,
  type ChannelName,
  type ModelInfo,
  type Req,
  type Res,
  type StudioApi,
} from '../../../main/contract/channels';
import type { LatentSpec } from '../../../main/contract/latent-spec';
import { createStore } from '../state/store';
import { initialState, type StudioState } from '../state/studio';
import { createActions } from './index';

const model = (id: string, sha: string): ModelInfo => ({
  id,
  name: `Model ${id}`,
  source: 'bundled',
  sha256: sha,
  path: `/m/${id}`,
  note: 'placeholder',
  props: {
    format: 'onnx',
    latentShape: [-1, 8],
    latentDim: 8,
    batch: 'dynamic',
    layout: 'NCHW',
    channels: 3,
    width: 2,
    height: 2,
    range: [-1, 1],
    rangeSource: 'activation',
    warnings: [],
  },
});

const frame = (seed: number | null) => ({ width: 2, height: 2, rgba: new Uint8Array(16), seed });

function fakeApi(
  overrides: Partial<{ [C in ChannelName]: (req: Req<C>) => Promise<Res<C>> }> = {},
) {
  const calls: { channel: ChannelName; request: unknown }[] = [];
  const base: Partial<{ [C in ChannelName]: (req: Req<C>) => Promise<Res<C>> }> = {
    'app.info': () =>
      Promise.resolve({
        appVersion: '1',
        shell: 'browser',
        dataDir: '/d',
        defaultModelId: 'm2',
        runtimes: { onnx: 'o', tfjs: 't' },
      }),
    'models.list': () => Promise.resolve({ models: [model('m1', 'aa'), model('m2', 'bb')] }),
    'favourites.list': () => Promise.resolve({ favourites: [] }),
    'favourites.save': () => Promise.resolve({ ok: true as const }),
    'render.grid': (r) =>
      Promise.resolve({ frames: Array.from({ length: r.count }, (_, i) => frame(r.seed + i)) }),
    'render.frame': () => Promise.resolve({ frame: frame(null) }),
    'export.images': (r) =>
      Promise.resolve({ dir: '/out', files: r.items.map((_, i) => `/out/${i}.png`) }),
  };
  const handlers = { ...base, ...overrides } as Record<string, (req: unknown) => Promise<unknown>>;
  const api: StudioApi = {
    invoke: (channel, request) => {
      calls.push({ channel, request });
      const h = handlers[channel];
      return (
        h ? h(request) : Promise.reject(new StudioError('UNKNOWN_CHANNEL', channel))
      ) as never;
    },
    on: () => () => undefined,
  };
  return { api, calls };
}

function setup(overrides?: Parameters<typeof fakeApi>[0]) {
  const { api, calls } = fakeApi(overrides);
  const store = createStore<StudioState>({ ...initialState, count: 4, seed: 10 });
  const actions = createActions({ api, store });
  return { api, calls, store, actions };
}

describe('actions', () => {
  it('loads the default model and samples a grid labelled by seed', async () => {
    const { store, actions, calls } = setup();
    await actions.init();
    const s = store.get();
    expect(s.modelId).toBe('m2');
    expect(s.grid.map((i) => i.label)).toEqual(['Seed 10', 'Seed 11', 'Seed 12', 'Seed 13']);
    expect(s.grid[0]!.latent).toEqual({ kind: 'seed', seed: 10, truncation: 0.7 });
    expect(s.progress).toEqual([]);
    const grid = calls.find((c) => c.channel === 'render.grid')!.request as Req<'render.grid'>;
    expect(grid.jobId).toMatch(/^job-/);
  });

  it('selects with ctrl and shift, and exports the selection in words', async () => {
    const { store, actions, calls } = setup();
    await actions.init();
    const order = store.get().grid.map((i) => i.key);
    actions.select(order[2]!, 'single', order);
    actions.select(order[0]!, 'toggle', order);
    actions.select(order[1]!, 'range', order);
    expect(store.get().selection).toEqual([order[2], order[0], order[1]]);
    await actions.exportSelected();
    expect(store.get().exportStatus).toBe('Saved 3 files to /out');
    const req = calls.find((c) => c.channel === 'export.images')!.request as Req<'export.images'>;
    expect(req.items.map((i) => i.name)).toEqual(['seed-12', 'seed-10', 'seed-11']);
  });

  it('places selected items as anchors and blends them on stream "probe"', async () => {
    const { store, actions, calls } = setup();
    await actions.init();
    actions.selectAll();
    actions.placeSelected();
    const anchors = store.get().anchors;
    expect(anchors).toHaveLength(4);
    const [a, b] = anchors;
    actions.probeAt({ x: (a!.x + b!.x) / 2, y: (a!.y + b!.y) / 2 });
    await new Promise((r) => setTimeout(r, 0));
    const req = calls.filter((c) => c.channel === 'render.frame').pop()!
      .request as Req<'render.frame'>;
    expect(req.stream).toBe('probe');
    expect((req.latent as LatentSpec).kind).toBe('blend');
    expect(store.get().probe.frame).not.toBeNull();
    expect(store.get().probe.weights.length).toBeGreaterThanOrEqual(2);
    actions.removeAnchor(a!.id);
    expect(store.get().anchors).toHaveLength(3);
    actions.clearCanvas();
    expect(store.get().anchors).toHaveLength(0);
  });

  it('opens a PNG: switches to its model by sha256 and restores its exact latent', async () => {
    const { store, actions } = setup({
      'png.read': () =>
        Promise.resolve({
          metadata: {
            app: 'Latent Studio',
            appVersion: '1',
            modelName: 'Model m1',
            modelSha256: 'aa',
            seed: 7,
            truncation: 0.5,
            latentDim: 8,
            z: 'AAAAAA==',
          },
        }),
    });
    await actions.init();
    await actions.openFile(new File([new Uint8Array([137, 80])], 'pic.png', { type: 'image/png' }));
    const s = store.get();
    expect(s.modelId).toBe('m1');
    expect(s.anchors.map((a) => a.item.latent)).toEqual([{ kind: 'z', z: 'AAAAAA==' }]);
    expect(s.toasts.some((t) => t.text.includes('seed 7, truncation 0.50'))).toBe(true);
  });

  it('names the missing model when a PNG needs one that is not imported', async () => {
    const { store, actions } = setup({
      'png.read': () =>
        Promise.resolve({
          metadata: {
            app: 'Latent Studio',
            appVersion: '1',
            modelName: 'Faces',
            modelSha256: 'ff',
            seed: 1,
            truncation: null,
            latentDim: 8,
            z: 'AAAA',
          },
        }),
    });
    await actions.init();
    await actions.openFile(new File([new Uint8Array([1])], 'x.png'));
    expect(store.get().errors[0]?.text).toMatch(/made with the model "Faces"/);
  });

  it('reports failures in words and cancellations as a note', async () => {
    let fail: StudioError = new StudioError('MODEL_REJECTED', 'The model has no image output');
    const { store, actions } = setup({ 'render.grid': () => Promise.reject(fail) });
    await actions.init();
    expect(store.get().errors[0]?.text).toBe(
      'Sampling 4 images failed: The model has no image output',
    );
    fail = new StudioError('CANCELLED', 'Cancelled');
    await actions.sample();
    expect(store.get().toasts.at(-1)?.text).toBe('Sampling 4 images was cancelled.');
  });

  it('toggles favourites and saves the whole list', async () => {
    const { store, actions, calls } = setup();
    await actions.init();
    const item = store.get().grid[1]!;
    await actions.toggleFavourite([item]);
    expect(store.get().favourites).toEqual([
      { modelId: 'm2', latent: item.latent, label: 'Seed 11' },
    ]);
    await actions.toggleFavourite([item]);
    expect(store.get().favourites).toEqual([]);
    expect(calls.filter((c) => c.channel === 'favourites.save')).toHaveLength(2);
  });
});
