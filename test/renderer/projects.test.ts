import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError, type StudioApi } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { Studio } from '../../main/engine/studio';
import { createActions } from '../../renderer/src/app/actions';
import { startAutosave } from '../../renderer/src/features/project/project';
import { createStudioStore } from '../../renderer/src/store/store';
import { fixtureModel, openTempStudio } from '../support/temp-studio';

/** Projects against the real engine: create, save, reopen in a fresh window, locate a model. */

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
const opened: Array<{ dispose(): Promise<void> }> = [];

beforeEach(async () => {
  temp = await openTempStudio();
  api = engineApi(temp.studio);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((a) => a.dispose()));
  await temp.close();
});

/** A window: a fresh store and actions on the same engine, started as the app starts. */
async function openWindow(engine = api) {
  const store = createStudioStore();
  const actions = createActions({ api: engine, store });
  opened.push(actions);
  await actions.init();
  return { store, actions };
}

/** Makes some work: a selection, two anchors, a kept blend, a strip. */
async function makeWork(w: Awaited<ReturnType<typeof openWindow>>) {
  const { store, actions } = w;
  const keys = store.getState().doc.gridKeys;
  actions.select(keys[0]!, 'single', keys);
  actions.select(keys[2]!, 'toggle', keys);
  actions.placeSelected();
  const [a, b] = store.getState().doc.anchors;
  actions.probeAt({ x: (a!.x + b!.x) / 2, y: (a!.y + b!.y) / 2 });
  await expect.poll(() => store.getState().probe.latent, { timeout: 10_000 }).not.toBeNull();
  const kept = actions.keepPreview()!;
  actions.select(keys[0]!, 'single', keys);
  actions.select(keys[1]!, 'toggle', keys);
  await actions.renderStrip();
  return { kept };
}

describe('projects against the real engine', () => {
  it('starts an untitled project on the default model with a sampled grid', async () => {
    const { store } = await openWindow();
    const s = store.getState();
    expect(s.project.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.project.untitled).toBe(true);
    expect(s.doc.gridKeys).toHaveLength(16);
    expect(Object.keys(s.frames)).toEqual(expect.arrayContaining(s.doc.gridKeys));
  });

  it('saves as a named project and a fresh window opens it with everything in place', async () => {
    const first = await openWindow();
    const { kept } = await makeWork(first);
    const file = join(temp.dataDir, 'mine', 'walk');
    expect(await first.actions.saveProject({ as: file })).toBe(true);
    const saved = first.store.getState();
    expect(saved.project).toMatchObject({ name: 'walk', untitled: false, dirty: false });
    expect(saved.project.path).toBe(`${file}.lsproj`);
    expect((await stat(join(`${file}.lsproj`, 'project.json'))).isFile()).toBe(true);

    const second = await openWindow();
    expect(await second.actions.openProject(`${file}.lsproj`)).toBe(true);
    const s = second.store.getState();
    const d = saved.doc;
    expect(s.doc.anchors).toEqual(d.anchors);
    expect(s.doc.selection).toEqual(d.selection);
    expect(s.doc.kept).toEqual([kept.key]);
    expect(s.doc.strip).toEqual(d.strip);
    expect(s.doc.gridKeys).toEqual(d.gridKeys);
    expect(s.doc.images[kept.key]?.lineage).toEqual(kept.lineage);
    expect(s.project).toMatchObject({ name: 'walk', untitled: false, path: `${file}.lsproj` });
    // The images are rendered again from their latents: the same pixels.
    await expect
      .poll(() => [...s.doc.gridKeys, kept.key].every((k) => second.store.getState().frames[k]), {
        timeout: 20_000,
      })
      .toBe(true);
    const blend = second.store.getState().frames[kept.key];
    expect(
      blend &&
        Buffer.from(blend.rgba).equals(Buffer.from(first.store.getState().frames[kept.key]!.rgba)),
    ).toBe(true);
    // The strip on screen is rendered again, and undo starts from the opened project.
    await expect.poll(() => second.store.getState().strip?.frames.length ?? 0).toBe(d.strip.frames);
    expect(second.actions.canUndo()).toBe(false);
  });

  it('autosaves a moment after a change, and the file holds the change', async () => {
    const { store, actions } = await openWindow();
    await actions.dispose(); // this test drives its own, faster autosave
    const stop = startAutosave(actions.ctx, 50, 200);
    try {
      const keys = store.getState().doc.gridKeys;
      actions.select(keys[3]!, 'single', keys);
      actions.placeSelected();
      await expect.poll(() => store.getState().project.path, { timeout: 10_000 }).not.toBeNull();
      await expect.poll(() => store.getState().project.dirty, { timeout: 10_000 }).toBe(false);
      const path = store.getState().project.path!;
      expect(path).toContain(join(temp.dataDir, 'autosave'));
      const json = JSON.parse(await readFile(join(path, 'project.json'), 'utf8')) as {
        canvas: { anchors: { imageId: string }[] };
      };
      expect(json.canvas.anchors.map((a) => a.imageId)).toEqual([keys[3]]);
      const { projects } = await api.invoke('project.recent', {});
      expect(projects.find((p) => p.path === path)?.autosave).toBe(true);
    } finally {
      stop();
    }
  });

  it('names a missing model, and opens the project once the model file is located', async () => {
    const first = await openWindow();
    const dcgan = (await api.invoke('models.import', { path: fixtureModel('dcgan.onnx') })).model;
    await first.actions.refreshModels(dcgan.id);
    await makeWork(first);
    const file = join(temp.dataDir, 'gan-walk.lsproj');
    expect(await first.actions.saveProject({ as: file })).toBe(true);

    // Another machine: dcgan was never imported there, and the path the file remembers is gone.
    const json = join(file, 'project.json');
    const saved = JSON.parse(await readFile(json, 'utf8')) as { model: { path?: string } };
    saved.model.path = join(temp.dataDir, 'moved-away', 'dcgan.onnx');
    await writeFile(json, JSON.stringify(saved));
    const other = await openTempStudio();
    try {
      const win = await openWindow(engineApi(other.studio));
      expect(await win.actions.openProject(file)).toBe(true);
      const pending = win.store.getState().project.pending;
      expect(pending?.missing.message).toMatch(/made with the model "dcgan/);
      expect(win.store.getState().doc.anchors).toEqual([]); // nothing replaced yet
      await win.actions.locateModel(fixtureModel('gray.onnx'));
      expect(win.store.getState().project.pending?.mismatch?.message).toMatch(/SHA-256/);
      await win.actions.locateModel(fixtureModel('dcgan.onnx'));
      const s = win.store.getState();
      expect(s.project.pending).toBeNull();
      expect(s.doc.anchors).toEqual(first.store.getState().doc.anchors);
      expect(s.models.find((m) => m.id === s.doc.modelId)?.sha256).toBe(dcgan.sha256);
    } finally {
      await other.close();
    }
  });
});
