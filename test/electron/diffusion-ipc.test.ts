import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../main/contract/electron-bridge';
import type { DispatchResult } from '../../main/contract/dispatch';
import { registerIpc } from '../../main/electron/ipc';
import { diffusionFixture } from '../diffusion/fixtures';
import { openTempStudio } from '../support/temp-studio';
import { BrowserWindow, ipcMain, resetFakeElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/** The desktop shell's code path for diffusion: IPC in, engine, denoising frames out to windows. */
const appFrame = { url: 'app://renderer/index.html', parent: null };
function invoke(channel: string, payload: unknown): Promise<DispatchResult> {
  const handler = ipcMain.handlers.get(INVOKE_CHANNEL) as (
    event: { senderFrame: typeof appFrame; sender: { id: number } },
    channel: unknown,
    payload: unknown,
  ) => Promise<DispatchResult>;
  return handler({ senderFrame: appFrame, sender: { id: 1 } }, channel, payload);
}

describe('diffusion over Electron IPC', () => {
  let temp: Awaited<ReturnType<typeof openTempStudio>>;
  let dispose: () => void;
  beforeEach(async () => {
    resetFakeElectron();
    temp = await openTempStudio('electron');
    dispose = registerIpc(temp.studio);
  });
  afterEach(async () => {
    dispose();
    await temp.close();
  });

  it('streams the denoising steps to the window as binary frames', async () => {
    const win = new BrowserWindow();
    const result = await invoke('diffusion.denoise', {
      modelId: diffusionFixture('unet-gray16-float-scalar.onnx'),
      latent: { kind: 'seed', seed: 3 },
      sampling: { sampler: 'ddpm', steps: 4 },
      jobId: 'ipc-denoise',
    });
    expect(result).toMatchObject({ ok: true, value: { steps: 4 } });
    const steps = win.webContents.sent.filter(
      (m) => m[0] === EVENT_CHANNEL && m[1] === 'diffusion.step',
    );
    expect(steps.map((m) => (m[2] as { step: number }).step)).toEqual([1, 2, 3, 4]);
    const frame = (steps[0]![2] as { frame: { rgba: unknown; width: number } }).frame;
    expect(frame.rgba).toBeInstanceOf(Uint8Array);
    expect(frame.width).toBe(16);
  });

  it('refuses malformed sampling settings before the engine runs', async () => {
    const result = await invoke('render.grid', {
      modelId: diffusionFixture('unet-gray16-float-scalar.onnx'),
      seed: 1,
      count: 1,
      sampling: { sampler: 'euler', steps: 10 },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!result.ok) expect(result.error.message).toMatch(/render\.grid at sampling\.sampler/);
  });
});
