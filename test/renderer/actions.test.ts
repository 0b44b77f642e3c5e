import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError, type StudioApi } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { readPngMetadata } from '../../main/engine/image/png-metadata';
import type { Studio } from '../../main/engine/studio';
import { createActions } from '../../renderer/src/app/actions';
import { initialDoc } from '../../renderer/src/store/doc';
import { gridItems, itemOf } from '../../renderer/src/store/selectors';
import { createStudioStore, type StudioStore } from '../../renderer/src/store/store';
import { fixtureModel, openTempStudio } from '../support/temp-studio';

/**
 * The renderer's actions driven against the real engine in-process: the StudioApi is the same
 * dispatch gate every shell uses (zod-parsed requests, typed errors), and events come from the
 * engine's own hub. Models are the bundled placeholder (assets/) plus dcgan.onnx imported into a
 * fresh temp data folder.
 */

/** StudioApi over the real engine, exactly as ElectronClient unwraps dispatch results. */
function engineApi(studio: Studio): StudioApi {
  return {
    invoke: async (channel, request) => {
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

let temp: Awaited<ReturnType<typeof openTempStudio>>;
let api: StudioApi;
let placeholderId: string;
let dcganId: string;

beforeEach(async () => {
  temp = await openTempStudio();
  api = engineApi(temp.studio);
  dcganId = (await api.invoke('models.import', { path: fixtureModel('dcgan.onnx') })).model.id;
  placeholderId = (await api.invoke('app.info', {})).defaultModelId!;
});
const windows: Array<{ dispose(): Promise<void> }> = [];
afterEach(async () => {
  // Autosave may be writing into the data folder: let it finish before the folder goes.
  await Promise.all(windows.splice(0).map((a) => a.dispose()));
  await temp.close();
});

function setup(seed = 10) {
  const store = createStudioStore({
    doc: { ...initialDoc, sampling: { ...initialDoc.sampling, count: 4, seed } },
  });
  const actions = createActions({ api, store });
  windows.push(actions);
  return { store, actions };
}

function model(store: StudioStore, id: string) {
  return store.getState().models.find((m) => m.id === id)!;
}

/** The anchors with their images and frames, as the canvas draws them. */
function anchorItems(store: StudioStore) {
  const s = store.getState();
  return s.doc.anchors.map((a) => ({ ...a, item: itemOf(s, a.key)! }));
}

/** Width and height from a PNG's IHDR chunk. */
async function pngSize(file: string): Promise<{ width: number; height: number }> {
  const bytes = await readFile(file);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function pngRgba(file: string): Promise<Uint8Array> {
  return new Uint8Array(await sharp(file).ensureAlpha().raw().toBuffer());
}

describe('actions against the real engine', () => {
  it('loads the default model and samples a grid of real frames labelled by seed', async () => {
    const { store, actions } = setup();
    const jobIds = new Set<string>();
    const off = api.on('job.progress', (e) => jobIds.add(e.jobId));
    await actions.init();
    off();
    const s = store.getState();
    expect(s.info?.dataDir).toBe(temp.dataDir);
    expect(s.models.map((m) => m.id)).toEqual(expect.arrayContaining([dcganId, placeholderId]));
    expect(s.doc.modelId).toBe(placeholderId);
    const { width, height } = model(store, placeholderId).props;
    const grid = gridItems(s);
    expect(grid.map((i) => i.label)).toEqual(['Seed 10', 'Seed 11', 'Seed 12', 'Seed 13']);
    expect(grid.map((i) => i.frame.seed)).toEqual([10, 11, 12, 13]);
    expect(grid[0]!.latent).toEqual({ kind: 'seed', seed: 10, truncation: 1 });
    // Each grid image knows where it came from.
    expect(grid[0]!.lineage).toEqual({ op: 'seed', seed: 10, truncation: 1 });
    for (const item of grid) {
      expect([item.frame.width, item.frame.height]).toEqual([width, height]);
      expect(item.frame.rgba.byteLength).toBe(width * height * 4);
    }
    // Different seeds really are different images.
    expect(Buffer.from(grid[0]!.frame.rgba).equals(Buffer.from(grid[1]!.frame.rgba))).toBe(false);
    // The grid ran as a job (so progress and Cancel work), and its progress entry is gone.
    expect([...jobIds]).toHaveLength(1);
    expect([...jobIds][0]).toMatch(/^job-/);
    expect(s.progress).toEqual([]);
  });

  it('selects with ctrl and shift, and exports the selection as real PNGs with metadata', async () => {
    const { store, actions } = setup();
    await actions.init();
    const order = store.getState().doc.gridKeys;
    actions.select(order[2]!, 'single', order);
    actions.select(order[0]!, 'toggle', order);
    actions.select(order[1]!, 'range', order);
    expect(store.getState().doc.selection).toEqual([order[2], order[0], order[1]]);

    // A folder typed: the engine writes there (with none, the browser shell downloads instead).
    const chosen = join(temp.dataDir, 'exports', 'chosen');
    actions.setExportSettings({ template: '{name}', folder: chosen });
    await actions.exportSelected();
    const status = store.getState().exportStatus;
    const dir = /^Saved 3 files to (.+)$/.exec(status)?.[1];
    expect(dir, status).toBeDefined();
    expect(dir).toBe(chosen);

    const placeholder = model(store, placeholderId);
    for (const seed of [12, 10, 11]) {
      const file = join(dir!, `seed-${seed}.png`);
      const bytes = new Uint8Array(await readFile(file));
      expect(readPngMetadata(bytes, basename(file))).toMatchObject({
        app: 'Latent Studio',
        modelName: placeholder.name,
        modelSha256: placeholder.sha256,
        seed,
        truncation: 1,
        latentDim: placeholder.props.latentDim,
      });
      expect(await pngSize(file)).toEqual({
        width: placeholder.props.width,
        height: placeholder.props.height,
      });
      // The file holds the very pixels shown in the grid.
      const shown = gridItems(store.getState()).find((i) => i.seed === seed)!.frame.rgba;
      expect(Buffer.from(await pngRgba(file)).equals(Buffer.from(shown))).toBe(true);
    }

    // The default template names by model, seed and position; 2× is upscaled; nothing is replaced.
    const out = join(temp.dataDir, 'chosen');
    actions.setExportSettings({ template: '{model}_{seed}_{index}', folder: out, scale: 2 });
    await actions.exportSelected();
    const names = (await readdir(out)).sort();
    expect(names).toHaveLength(3);
    expect(names.every((n) => /_(10|11|12)_000[123]\.png$/.test(n))).toBe(true);
    expect(await pngSize(join(out, names[0]!))).toEqual({
      width: placeholder.props.width * 2,
      height: placeholder.props.height * 2,
    });
    await actions.exportSelected();
    expect(store.getState().errors.at(-1)?.text).toMatch(/^Exporting 3 PNGs failed: .*exist/i);
  });

  it('places selected items as anchors and renders the probe as a blend of the nearest ones', async () => {
    const { store, actions } = setup();
    await actions.init();
    actions.selectAll();
    actions.placeSelected();
    const anchors = anchorItems(store);
    expect(anchors.map((a) => a.item.label)).toEqual(['Seed 10', 'Seed 11', 'Seed 12', 'Seed 13']);
    const [a, b] = anchors;
    actions.probeAt({ x: (a!.x + b!.x) / 2, y: (a!.y + b!.y) / 2 });
    await expect.poll(() => store.getState().probe.frame, { timeout: 10_000 }).not.toBeNull();

    const { probe } = store.getState();
    expect(probe.weights.length).toBeGreaterThanOrEqual(2);
    expect(probe.weights.map((w) => w.anchorId)).toEqual(expect.arrayContaining([a!.id, b!.id]));
    // The preview is exactly the engine's blend of those anchors' latents with those weights.
    const byId = new Map(anchors.map((x) => [x.id, x]));
    const { frame: blended } = await api.invoke('render.frame', {
      modelId: placeholderId,
      latent: {
        kind: 'blend',
        items: probe.weights.map((w) => ({
          latent: byId.get(w.anchorId)!.item.latent,
          weight: Math.round(w.weight * 1e4) / 1e4,
        })),
      },
    });
    expect(Buffer.from(probe.frame!.rgba).equals(Buffer.from(blended.rgba))).toBe(true);
    expect(Buffer.from(probe.frame!.rgba).equals(Buffer.from(a!.item.frame.rgba))).toBe(false);

    actions.removeAnchor(a!.id);
    expect(store.getState().doc.anchors).toHaveLength(3);
    expect(store.getState().probe.weights.some((w) => w.anchorId === a!.id)).toBe(false);
    actions.clearCanvas();
    expect(store.getState().doc.anchors).toHaveLength(0);
    expect(store.getState().probe).toEqual({ frame: null, latent: null, weights: [], point: null });
  });

  it('switching model clears selection and canvas and samples the new model', async () => {
    const { store, actions } = setup();
    await actions.init();
    actions.selectAll();
    actions.placeSelected();
    expect(store.getState().doc.anchors).toHaveLength(4);

    await actions.selectModel(dcganId);
    const s = store.getState();
    expect(s.doc.modelId).toBe(dcganId);
    expect(s.doc.selection).toEqual([]);
    expect(s.doc.anchors).toEqual([]);
    expect(s.probe).toEqual({ frame: null, latent: null, weights: [], point: null });
    expect(gridItems(s).map((i) => [i.modelId, i.seed])).toEqual([
      [dcganId, 10],
      [dcganId, 11],
      [dcganId, 12],
      [dcganId, 13],
    ]);
    // dcgan.onnx renders 32×32 RGB.
    expect(gridItems(s).map((i) => [i.frame.width, i.frame.height])).toEqual(
      Array(4).fill([32, 32]),
    );
  });

  it('opens an exported PNG: switches to its model by sha256 and restores its exact latent', async () => {
    const { store, actions } = setup();
    await actions.init();
    // Export one dcgan image through the engine, then come back to the placeholder.
    const { files } = await api.invoke('export.images', {
      modelId: dcganId,
      items: [{ latent: { kind: 'seed', seed: 7, truncation: 0.5 }, name: 'pic' }],
    });
    const bytes = new Uint8Array(await readFile(files[0]!));
    const saved = readPngMetadata(bytes, 'pic.png')!;
    expect(store.getState().doc.modelId).toBe(placeholderId);

    await actions.openFile(new File([bytes], 'pic.png', { type: 'image/png' }));
    const s = store.getState();
    expect(s.errors).toEqual([]);
    expect(s.doc.modelId).toBe(dcganId);
    const placed = anchorItems(store);
    expect(placed.map((a) => a.item.latent)).toEqual([{ kind: 'z', z: saved.z }]);
    const opened = placed[0]!.item;
    expect(s.doc.selection).toEqual([opened.key]);
    expect(s.doc.kept).toEqual([opened.key]);
    expect(opened.label).toBe('Seed 7');
    expect(opened.lineage).toEqual({ op: 'png', source: { file: 'pic.png' } });
    expect(s.toasts.some((t) => t.text.includes('seed 7, truncation 0.50'))).toBe(true);
    // The restored latent renders the same image as the seed it came from, and as the file.
    const { frame } = await api.invoke('render.frame', {
      modelId: dcganId,
      latent: { kind: 'seed', seed: 7, truncation: 0.5 },
    });
    expect(Buffer.from(opened.frame.rgba).equals(Buffer.from(frame.rgba))).toBe(true);
    expect(Buffer.from(await pngRgba(files[0]!)).equals(Buffer.from(frame.rgba))).toBe(true);
  });

  it('names the missing model when a PNG was made with one that is not imported', async () => {
    const { store, actions } = setup();
    await actions.init();
    // gray.onnx is rendered straight from its file, so it is not in this library.
    const { files } = await api.invoke('export.images', {
      modelId: fixtureModel('gray.onnx'),
      items: [{ latent: { kind: 'seed', seed: 1 }, name: 'gray' }],
    });
    const bytes = new Uint8Array(await readFile(files[0]!));
    await actions.openFile(new File([bytes], 'gray.png', { type: 'image/png' }));
    const s = store.getState();
    expect(s.errors.at(-1)?.text).toMatch(
      /^gray\.png was made with the model "gray" \(sha256 [0-9a-f]{12}…\), which is not in your library/,
    );
    expect(s.doc.modelId).toBe(placeholderId);
    expect(s.doc.anchors).toEqual([]);
  });

  it('reports a file that is not a PNG in words', async () => {
    const { store, actions } = setup();
    await actions.init();
    const text = new TextEncoder().encode('these are not the bytes of a PNG');
    await actions.openFile(new File([text], 'notes.png', { type: 'image/png' }));
    const error = store.getState().errors.at(-1)?.text ?? '';
    expect(error).toMatch(/^Opening notes\.png failed: .*notes\.png/);
    expect(error).not.toMatch(/at .*\.ts:\d+/); // words, not a stack trace
    await actions.openFile(new File([text], 'notes.txt', { type: 'text/plain' }));
    expect(store.getState().errors.at(-1)?.text).toBe(
      'notes.txt is not an image (PNG, JPEG, WebP…).',
    );
  });

  it('reports a model that cannot be loaded in words', async () => {
    const { store, actions } = setup();
    await actions.init();
    const missing = join(temp.dataDir, 'no-such-model.onnx');
    await actions.selectModel(missing);
    expect(store.getState().errors.at(-1)?.text).toBe(
      `Sampling 4 images failed: No model "${missing}" in the library, and no such file`,
    );
    await actions.selectModel(fixtureModel('classifier.onnx'));
    const rejected = store.getState().errors.at(-1)?.text ?? '';
    expect(rejected).toMatch(/^Sampling 4 images failed: \S/);
    expect(rejected).not.toContain('No model');
    expect(store.getState().doc.gridKeys).toEqual([]);
    expect(store.getState().progress).toEqual([]);
  });

  it('notes a cancelled sampling job instead of reporting an error', async () => {
    const { store, actions } = setup();
    await actions.init();
    actions.setSampling({ count: 256, seed: 1000 });
    const before = store.getState().doc.gridKeys;
    const cancelled: string[] = [];
    const off = api.on('job.progress', (e) => {
      if (cancelled.length === 0) {
        cancelled.push(e.jobId);
        void actions.cancelJob(e.jobId);
      }
    });
    await actions.sample();
    off();
    expect(cancelled).toHaveLength(1);
    const s = store.getState();
    expect(s.toasts.at(-1)?.text).toBe('Sampling 256 images was cancelled.');
    expect(s.errors).toEqual([]);
    expect(s.doc.gridKeys).toBe(before); // the old grid stays
    expect(s.progress).toEqual([]);
  });

  it('toggles favourites and saves the whole list to the data folder', async () => {
    const { store, actions } = setup();
    await actions.init();
    const item = gridItems(store.getState())[1]!;
    const saved = async () =>
      JSON.parse(await readFile(join(temp.dataDir, 'favourites.json'), 'utf8')) as unknown;

    await actions.toggleFavourite([item.key]);
    const starred = [{ modelId: placeholderId, latent: item.latent, label: 'Seed 11' }];
    expect(store.getState().favourites).toEqual(starred);
    expect(await saved()).toEqual(starred);
    expect((await api.invoke('favourites.list', {})).favourites).toEqual(starred);

    // A fresh session (sampling other seeds) sees the favourite and renders it.
    const next = setup(500);
    await next.actions.init();
    expect(next.store.getState().favourites).toEqual(starred);
    await next.actions.loadFavouriteItems();
    const [fav] = next.store.getState().favouriteItems;
    expect(fav?.label).toBe('Seed 11');
    expect(Buffer.from(fav!.frame.rgba).equals(Buffer.from(item.frame.rgba))).toBe(true);

    await actions.toggleFavourite([item.key]);
    expect(store.getState().favourites).toEqual([]);
    expect(await saved()).toEqual([]);
  });
});
