import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActions } from '../app/actions';
import { setDoc } from '../app/context';
import { initialDoc, seedImage } from './doc';
import { COALESCE_MS, createStudioStore, resetDoc } from './store';

/** A store with three grid images and a fake engine that never answers (history is local). */
function setup() {
  const images = [1, 2, 3].map((seed) => seedImage('m', seed, 0.7));
  const store = createStudioStore({
    doc: {
      ...initialDoc,
      modelId: 'm',
      gridKeys: images.map((i) => i.key),
      images: Object.fromEntries(images.map((i) => [i.key, i])),
    },
  });
  const api = { invoke: () => new Promise(() => {}), on: () => () => {} };
  const actions = createActions({ api: api as never, store });
  return { store, actions, keys: images.map((i) => i.key), ctx: actions.ctx };
}

describe('undo and redo of the document', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('undoes a cleared canvas (Shift+Delete is never for good) and redoes it', () => {
    const { store, actions, keys } = setup();
    actions.select(keys[0]!, 'single', keys);
    actions.select(keys[1]!, 'toggle', keys);
    actions.placeSelected();
    const placed = store.getState().doc.anchors;
    expect(placed).toHaveLength(2);
    actions.clearCanvas();
    expect(store.getState().doc.anchors).toEqual([]);
    actions.undo();
    expect(store.getState().doc.anchors).toEqual(placed);
    actions.redo();
    expect(store.getState().doc.anchors).toEqual([]);
    actions.undo();
    actions.undo(); // the placing
    expect(store.getState().doc.anchors).toEqual([]);
    expect(store.getState().doc.selection).toEqual([keys[0], keys[1]]);
    actions.undo();
    actions.undo();
    expect(store.getState().doc.selection).toEqual([]);
    expect(actions.canUndo()).toBe(false);
  });

  it('makes one step of a drag however many moves it has', () => {
    const { store, actions, keys } = setup();
    actions.select(keys[0]!, 'single', keys);
    actions.placeSelected();
    const [anchor] = store.getState().doc.anchors;
    actions.beginGesture();
    for (let x = 0; x < 20; x++) actions.moveAnchor(anchor!.id, x, x);
    actions.endGesture();
    expect(store.getState().doc.anchors[0]).toMatchObject({ x: 19, y: 19 });
    actions.undo();
    expect(store.getState().doc.anchors[0]).toEqual(anchor);
  });

  it('merges typing into one field into one step, but not edits far apart or to other fields', () => {
    const { store, actions } = setup();
    for (const seed of [1, 12, 123, 1234]) actions.setSampling({ seed });
    actions.setSampling({ count: 9 });
    vi.advanceTimersByTime(COALESCE_MS + 10);
    actions.setSampling({ count: 10 });
    actions.undo();
    expect(store.getState().doc.sampling).toMatchObject({ seed: 1234, count: 9 });
    actions.undo();
    expect(store.getState().doc.sampling).toMatchObject({ seed: 1234, count: 16 });
    actions.undo();
    expect(store.getState().doc.sampling.seed).toBe(initialDoc.sampling.seed);
  });

  it('undoes a diffusion sampler setting like any other field (typing steps is one step)', () => {
    const { store, actions } = setup();
    actions.setDiffusionSampling({ sampler: 'ddpm' });
    for (const steps of [2, 25]) actions.setDiffusionSampling({ steps });
    actions.setDiffusionSampling({ eta: 0.5 });
    expect(store.getState().doc.diffusionSampling).toEqual({
      sampler: 'ddpm',
      steps: 25,
      eta: 0.5,
    });
    actions.undo();
    expect(store.getState().doc.diffusionSampling).toEqual({ sampler: 'ddpm', steps: 25 });
    actions.undo();
    expect(store.getState().doc.diffusionSampling).toEqual({ sampler: 'ddpm' });
    actions.undo();
    expect(store.getState().doc.diffusionSampling).toEqual({});
    actions.redo();
    expect(store.getState().doc.diffusionSampling).toEqual({ sampler: 'ddpm' });
  });

  it('records nothing for session changes, and a new edit drops the redo steps', () => {
    const { store, actions, keys, ctx } = setup();
    store.setState({ screen: 'train', paletteOpen: true, toasts: [] });
    expect(actions.canUndo()).toBe(false);
    actions.select(keys[2]!, 'single', keys);
    actions.undo();
    expect(actions.canRedo()).toBe(true);
    setDoc(ctx, { selection: [keys[1]!] });
    expect(actions.canRedo()).toBe(false);
  });

  it('opening another document starts a fresh history', () => {
    const { store, actions, keys } = setup();
    actions.select(keys[0]!, 'single', keys);
    resetDoc(store, { ...initialDoc, modelId: 'other' });
    expect(actions.canUndo()).toBe(false);
    expect(store.getState().doc.modelId).toBe('other');
  });
});
