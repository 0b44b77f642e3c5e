import { describe, expect, it } from 'vitest';
import type { ModelInfo, StudioApi } from '../../../../main/contract/channels';
import { createActions } from '../../app/actions';
import { getCommand } from '../../commands';
import type { ImageTarget } from '../../store/state';
import { createStudioStore } from '../../store/store';

/** An engine that records requests and never answers (the commands' wiring is what is tested). */
function setup(hasEncoder: boolean) {
  const calls: { channel: string; req: unknown }[] = [];
  const api = {
    invoke: (channel: string, req: unknown) => {
      calls.push({ channel, req });
      return new Promise(() => {});
    },
    on: () => () => {},
  } as unknown as StudioApi;
  const model = { id: 'm', name: 'M', hasEncoder } as ModelInfo;
  const store = createStudioStore();
  store.setState((s) => ({ models: [model], doc: { ...s.doc, modelId: 'm' } }));
  const actions = createActions({ api, store });
  const target: ImageTarget = {
    name: 'cat.png',
    bytes: new Uint8Array([1, 2, 3]),
    preview: null,
    mode: 'project',
    status: 'idle',
    step: 0,
    steps: 0,
    distance: null,
    result: null,
    jobId: null,
  };
  const enabled = (id: 'encode-image' | 'project-image') =>
    getCommand(id)!.enabled({ state: store.getState(), actions });
  return { calls, store, actions, target, enabled };
}

describe('image to latent commands', () => {
  it('project with the Search steps the panel shows, from a key, the palette or the button', async () => {
    const f = setup(false);
    expect(f.enabled('project-image')).toBe(false); // no image yet
    f.store.setState({ imageTarget: f.target });
    f.actions.setView({ projectionSteps: 12 });
    expect(f.enabled('encode-image')).toBe(false); // no encoder beside this model
    void f.actions.run('project-image');
    await Promise.resolve();
    expect(f.calls.find((c) => c.channel === 'image.project')?.req).toMatchObject({
      modelId: 'm',
      steps: 12,
      image: { name: 'cat.png' },
    });
    expect(f.enabled('project-image')).toBe(false); // one search at a time
  });

  it('encode only for a model with an encoder, and not while the image is busy', async () => {
    const f = setup(true);
    f.store.setState({ imageTarget: f.target });
    expect(f.enabled('encode-image')).toBe(true);
    void f.actions.run('encode-image');
    await Promise.resolve();
    expect(f.calls.map((c) => c.channel)).toContain('image.encode');
    expect(f.enabled('encode-image')).toBe(false);
  });
});
