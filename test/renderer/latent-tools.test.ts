import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError, type StudioApi } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { Studio } from '../../main/engine/studio';
import { createActions } from '../../renderer/src/app/actions';
import { createStudioStore } from '../../renderer/src/store/store';
import { REPO_ROOT, openTempStudio } from '../support/temp-studio';

/** The latent tools of the Explore screen against the real engine, as a user drives them. */

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

const VAE = join(REPO_ROOT, 'test', 'fixtures', 'vae-pair');
let temp: Awaited<ReturnType<typeof openTempStudio>>;
let win: ReturnType<typeof createWindow>;

function createWindow(api: StudioApi) {
  const store = createStudioStore();
  const actions = createActions({ api, store });
  return { store, actions };
}

beforeEach(async () => {
  temp = await openTempStudio();
  win = createWindow(engineApi(temp.studio));
  await win.actions.init();
});
afterEach(async () => {
  await win.actions.dispose();
  await temp.close();
});

const state = () => win.store.getState();
const rgba = (key: string) => Buffer.from(state().frames[key]!.rgba);

describe('latent tools against the real engine', () => {
  it('breeds children of two parents that know their parents, and breeds them again', async () => {
    const keys = state().doc.gridKeys;
    win.actions.select(keys[0]!, 'single', keys);
    win.actions.select(keys[1]!, 'toggle', keys);
    win.actions.setBreeding({ count: 4, strength: 0.4 });
    expect(await win.actions.run('breed')).toBe(true);
    const children = state().doc.breeding.children;
    expect(children).toHaveLength(4);
    const child = state().doc.images[children[0]!]!;
    expect(child.lineage).toMatchObject({
      op: 'breed',
      parents: [keys[0], keys[1]],
      operation: 'crossover',
      strength: 0.4,
    });
    expect(child.latent.kind).toBe('z');
    await expect
      .poll(() => children.every((k) => state().frames[k]), { timeout: 20_000 })
      .toBe(true);
    expect(rgba(children[0]!).equals(rgba(children[1]!))).toBe(false);
    // Children bred again: their own children name them as parents.
    win.actions.select(children[0]!, 'single', children);
    win.actions.select(children[2]!, 'toggle', children);
    await win.actions.breed();
    const grand = state().doc.images[state().doc.breeding.children[0]!]!;
    expect(grand.lineage).toMatchObject({ op: 'breed', parents: [children[0], children[2]] });
    expect(grand.label).toMatch(/^Child 2\./);
    // Undo brings the first brood back.
    win.actions.undo();
    expect(state().doc.breeding.children).toEqual(children);
  });

  it('places A − B + C on the canvas with its three parents in its lineage', async () => {
    const keys = state().doc.gridKeys;
    for (const [i, k] of [keys[2], keys[0], keys[5]].entries())
      win.actions.select(k!, i === 0 ? 'single' : 'toggle', keys);
    expect(await win.actions.run('latent-arithmetic')).toBe(true);
    const [anchor] = state().doc.anchors;
    const image = state().doc.images[anchor!.key]!;
    expect(image.lineage).toEqual({ op: 'arithmetic', a: keys[2], b: keys[0], c: keys[5] });
    expect(state().doc.kept).toEqual([image.key]);
    await expect.poll(() => state().frames[image.key], { timeout: 20_000 }).toBeDefined();
  });

  it('finds PCA directions whose slider changes the image, and keeps the moved image', async () => {
    const keys = state().doc.gridKeys;
    win.actions.select(keys[0]!, 'single', keys);
    await win.actions.computeDirections(3, 64);
    const found = state().foundDirections!.list;
    expect(found).toHaveLength(3);
    win.actions.setDirectionAmount('pca-0', 3);
    await expect.poll(() => state().directionPreview, { timeout: 20_000 }).not.toBeNull();
    const moved = Buffer.from(state().directionPreview!.frame.rgba);
    expect(moved.equals(rgba(keys[0]!))).toBe(false);
    win.actions.keepMoved();
    const kept = state().doc.images[state().doc.kept.at(-1)!]!;
    expect(kept.lineage).toEqual({
      op: 'direction',
      parent: keys[0],
      moves: [{ directionId: 'pca-0', amount: 3 }],
    });
    // The direction it used is now saved in the project, under a name the tree can show.
    expect(state().doc.directions.map((d) => d.id)).toEqual(['pca-0']);
    win.actions.saveDirection(state().doc.directions[0]!, 'sleeves');
    expect(state().doc.directions[0]!.name).toBe('sleeves');
  });

  it('makes an attribute vector from two picked sets and saves it as a direction', async () => {
    const keys = state().doc.gridKeys;
    await win.actions.attributeVector([keys[0]!, keys[1]!], [keys[2]!], 'brighter');
    const [d] = state().doc.directions;
    expect(d).toMatchObject({
      name: 'brighter',
      source: { method: 'attribute', setA: [keys[0], keys[1]], setB: [keys[2]] },
    });
    expect(d!.vector.length).toBeGreaterThan(10);
  });

  it('encodes a picture with a VAE encoder and places it; projects it with any model', async () => {
    const api = engineApi(temp.studio);
    const { model } = await api.invoke('models.import', { path: join(VAE, 'tiny-vae.onnx') });
    expect(model.hasEncoder).toBe(true);
    await win.actions.refreshModels(model.id);
    const bytes = new Uint8Array(await readFile(join(VAE, 'blob.png')));
    // A PNG without Latent Studio metadata goes to Image → latent, encoded at once.
    await win.actions.openFile(new File([bytes], 'blob.png', { type: 'image/png' }));
    const encodedKey = state().imageTarget?.result;
    expect(state().imageTarget?.status).toBe('done');
    const encoded = state().doc.images[encodedKey!]!;
    expect(encoded.lineage).toMatchObject({ op: 'encode', source: { file: 'blob.png' } });
    expect(state().doc.anchors.map((a) => a.key)).toContain(encoded.key);
    // Projection of the same picture: progress, a distance, and the result beside the target.
    const steps: number[] = [];
    const off = api.on('projection.progress', (e) => steps.push(e.step));
    await win.actions.projectTarget(3);
    off();
    const target = state().imageTarget!;
    expect(target.status).toBe('done');
    expect(target.distance).toBeGreaterThan(0);
    expect(steps.length).toBeGreaterThan(0);
    const projected = state().doc.images[target.result!]!;
    expect(projected.lineage).toMatchObject({ op: 'project', source: { file: 'blob.png' } });
    expect(state().frames[projected.key]).toBeDefined();
  }, 120_000);
});
