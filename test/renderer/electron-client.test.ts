import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { ElectronBridge } from '../../main/contract/electron-bridge';
import { ElectronClient } from '../../renderer/src/transport/electron-client';
import { fixtureModel, openTempStudio } from '../support/temp-studio';

/**
 * ElectronClient over a bridge that does what preload + main do: structured-clone the payload
 * (as IPC does), run it through the real dispatch gate of a real engine, and forward engine events.
 */

let temp: Awaited<ReturnType<typeof openTempStudio>>;
let bridge: ElectronBridge;

beforeAll(async () => {
  temp = await openTempStudio();
  bridge = {
    invoke: async (channel, payload) =>
      dispatch(temp.studio.handlers, channel, structuredClone(payload)),
    on: (event, listener) =>
      temp.studio.onEvent((name, payload) => {
        if (name === event) listener(structuredClone(payload));
      }),
  };
});
afterAll(() => temp.close());

describe('ElectronClient over the real engine', () => {
  it('unwraps results and throws StudioError with the code for failures', async () => {
    const client = new ElectronClient(bridge);
    const { models } = await client.invoke('models.list', {});
    // The bundled models: the emoji GAN (the default), the VAE, the diffusion model, the placeholder.
    expect(models.map((m) => m.id).sort()).toEqual([
      'bundled-emoji-faces-gan',
      'bundled-fashion-mnist-diffusion',
      'bundled-fashion-mnist-vae',
      'bundled-placeholder-cppn',
    ]);
    const { frame } = await client.invoke('render.frame', {
      modelId: 'bundled-fashion-mnist-vae',
      latent: { kind: 'seed', seed: 3 },
    });
    expect(frame.rgba).toBeInstanceOf(Uint8Array);
    expect(frame.rgba.byteLength).toBe(frame.width * frame.height * 4);

    const bad = await client
      .invoke('render.grid', { modelId: 'x', seed: -4, count: 'many' } as never)
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(StudioError);
    expect(bad).toMatchObject({
      code: 'BAD_REQUEST',
      message: /^Invalid request for render\.grid/,
    });
    await expect(
      client.invoke('models.import', { path: fixtureModel('not-onnx.onnx') }),
    ).rejects.toMatchObject({ code: 'BAD_FILE' });
    expect(client.connectionState()).toBe('open');
  });

  it('delivers engine events to subscribers until they unsubscribe', async () => {
    const client = new ElectronClient(bridge);
    const seen: number[] = [];
    const off = client.on('job.progress', (p) => {
      if (p.jobId === 'el-a') seen.push(p.done);
    });
    const modelId = fixtureModel('dcgan.onnx');
    await client.invoke('render.grid', { modelId, seed: 1, count: 10, jobId: 'el-a' });
    expect(seen).toEqual([0, 8, 10]);
    off();
    await client.invoke('render.grid', { modelId, seed: 1, count: 10, jobId: 'el-a' });
    expect(seen).toEqual([0, 8, 10]);
  });

  it('wraps bridge failures in words', async () => {
    const client = new ElectronClient(bridge);
    // IPC structured-clones every payload; a function cannot cross, so the bridge itself fails.
    await expect(client.invoke('app.info', { callback: () => 1 } as never)).rejects.toThrow(
      /^Could not reach the engine: .*could not be cloned/,
    );
  });
});
