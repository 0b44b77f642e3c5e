import { describe, expect, it } from 'vitest';
import type { ModelInfo, StudioApi } from '../../../main/contract/channels';
import { createStore } from '../state/store';
import { initialState, type StudioState } from '../state/studio';
import { runMenuCommand } from './menu';

const model = (id: string): ModelInfo => ({
  id,
  name: `Model ${id}`,
  source: 'imported',
  kind: 'generator',
  sha256: id,
  path: `/m/${id}`,
  note: '',
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

describe('menu commands', () => {
  it('refreshes the models and selects one imported from the menu', async () => {
    const calls: string[] = [];
    const api = {
      invoke: (channel: string) => {
        calls.push(channel);
        if (channel === 'models.list') return Promise.resolve({ models: [model('a'), model('b')] });
        return Promise.resolve({ frames: [] });
      },
      on: () => () => undefined,
    } as unknown as StudioApi;
    const store = createStore<StudioState>({ ...initialState, modelId: 'a' });
    await runMenuCommand({ api, store }, { id: 'file.modelImported', modelId: 'b' });
    expect(store.get().modelId).toBe('b');
    expect(store.get().models).toHaveLength(2);
    expect(calls).toEqual(['models.list', 'render.grid']);
    expect(store.get().toasts[0]?.text).toBe('Imported the model "Model b".');
  });
});
