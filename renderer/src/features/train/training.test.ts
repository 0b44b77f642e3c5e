import { describe, expect, it } from 'vitest';
import type { EventName, ModelInfo, StudioApi } from '../../../../main/contract/channels';
import type { TrainConfig, TrainRun } from '../../../../main/contract/training-schemas';
import { createActions } from '../../app/actions';
import { getCommand } from '../../commands';
import { createStudioStore } from '../../store/store';
import { appendHistory, runView } from '../../store/training';
import { reasonsByField } from './reasons';

const config: TrainConfig = {
  family: 'gan',
  size: 32,
  channels: 3,
  steps: 12,
  batch: 8,
  latentDim: 32,
  learningRate: 0.0002,
  loss: 'nonsaturating',
  diffAugment: true,
  vaeBeta: 1,
  seed: 1,
  checkpointEvery: 4,
  previewEvery: 4,
  keepCheckpoints: 2,
  background: 'white',
};
const run = (runId: string, state: TrainRun['state']): TrainRun => ({
  runId,
  folder: '/data/shapes',
  out: '/runs/shapes-1',
  config,
  state,
  message: null,
  lastProgress: null,
  modelId: null,
});
const progress = (runId: string, step: number) => ({
  runId,
  step,
  totalSteps: 12,
  epoch: step / 3,
  losses: { d: 1 / step, g: step },
  imagesPerSec: 40,
  etaSec: 12 - step,
  backend: 'wasm',
});

/** dataset.scan's answer for a folder of 30 usable images. */
const scanOf30 = () => ({
  folder: '/data/shapes',
  usable: 30,
  files: [],
  rejected: [],
  duplicates: [],
  warnings: [],
  formats: {},
});

/** A fake engine: answers from `answers`, records calls, and lets the test push events. */
function fakeStudio(answers: Record<string, (req: unknown) => unknown>) {
  const calls: { channel: string; req: unknown }[] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const api = {
    invoke: (channel: string, req: unknown) => {
      calls.push({ channel, req });
      return Promise.resolve(answers[channel]?.(req) ?? { frames: [] });
    },
    on: (event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  } as unknown as StudioApi;
  const store = createStudioStore();
  const actions = createActions({ api, store });
  const emit = (event: EventName, payload: unknown) => listeners.get(event)?.(payload);
  return { calls, store, actions, emit };
}

describe('training actions', () => {
  it('follows events that arrive before train.start answers, then the newest word wins', async () => {
    const f = fakeStudio({ 'train.start': () => ({ run: run('r1', 'starting') }) });
    f.actions.watchTraining();
    f.store.setState((s) => ({
      training: { ...s.training, scannedFolder: '/data/shapes', config },
    }));
    f.emit('train.progress', progress('r1', 1));
    await f.actions.startRun();
    expect(f.calls[0]).toEqual({ channel: 'train.start', req: { folder: '/data/shapes', config } });
    f.emit('train.state', { runId: 'r1', state: 'running', message: null, modelId: null });
    f.emit('train.progress', progress('r1', 2));
    const view = runView(f.store.getState().training, f.store.getState().training.runId);
    expect(view?.state).toBe('running');
    expect(view?.progress?.step).toBe(2);
    expect(view?.history.map((h) => h.step)).toEqual([1, 2]);
  });

  it('resumes a stopped run in the same out folder and keeps its curves', async () => {
    const f = fakeStudio({ 'train.start': () => ({ run: run('r2', 'running') }) });
    f.actions.watchTraining();
    f.store.setState((s) => ({
      training: { ...s.training, runs: { r1: run('r1', 'stopped') }, runId: 'r1' },
    }));
    f.emit('train.progress', progress('r1', 3));
    await f.actions.resumeStoppedRun();
    expect(f.calls[0]?.req).toEqual({
      folder: '/data/shapes',
      config,
      out: '/runs/shapes-1',
      resume: true,
    });
    const t = f.store.getState().training;
    expect(t.runId).toBe('r2');
    expect(runView(t, 'r2')?.history.map((h) => h.step)).toEqual([3]);
  });

  it('opens the finished model: reloads the picker, selects it and shows Explore', async () => {
    const model = { id: 'trained-1', name: 'shapes GAN' } as ModelInfo;
    const f = fakeStudio({
      'train.openModel': () => ({ model }),
      'models.list': () => ({ models: [model] }),
    });
    f.store.setState((s) => ({
      screen: 'train',
      training: { ...s.training, runs: { r1: run('r1', 'finished') }, runId: 'r1' },
    }));
    await f.actions.openRunModel(false);
    // (train.history asks, once, whether the model has a training record to offer.)
    const engineCalls = f.calls.map((c) => c.channel).filter((c) => c !== 'train.history');
    expect(engineCalls).toEqual(['train.openModel', 'models.list', 'render.grid']);
    expect(f.calls[0]?.req).toEqual({ runId: 'r1', checkpoint: false });
    expect(f.store.getState()).toMatchObject({ screen: 'explore', doc: { modelId: 'trained-1' } });
  });
  it('opens an already imported finished model without exporting it again', async () => {
    const model = { id: 'trained-2', name: 'shapes GAN' } as ModelInfo;
    const f = fakeStudio({ 'models.list': () => ({ models: [model] }) });
    const done = { ...run('r1', 'finished'), modelId: 'trained-2' };
    f.store.setState((s) => ({
      screen: 'train',
      training: { ...s.training, runs: { r1: done }, runId: 'r1' },
    }));
    await f.actions.openRunModel(false);
    const engineCalls = f.calls.map((c) => c.channel).filter((c) => c !== 'train.history');
    expect(engineCalls).toEqual(['models.list', 'render.grid']);
    expect(f.store.getState()).toMatchObject({ screen: 'explore', doc: { modelId: 'trained-2' } });
  });
});

describe('run controls', () => {
  const ids = [
    'train-start',
    'train-pause',
    'train-resume',
    'train-stop',
    'train-open-model',
  ] as const;

  it('are commands enabled exactly as the run state allows, each calling the engine', async () => {
    const f = fakeStudio({
      'train.control': (req) => {
        const { action } = req as { action: 'pause' | 'resume' | 'cancel' };
        const after: Record<typeof action, TrainRun['state']> = {
          pause: 'paused',
          resume: 'running',
          cancel: 'stopped',
        };
        return { run: run('r1', after[action]) };
      },
      'train.start': () => ({ run: run('r2', 'finished') }),
    });
    const enabled = () =>
      ids.filter((id) =>
        getCommand(id)!.enabled({ state: f.store.getState(), actions: f.actions }),
      );
    f.store.setState((s) => ({
      screen: 'train',
      training: { ...s.training, runs: { r1: run('r1', 'running') }, runId: 'r1' },
    }));
    expect(enabled()).toEqual(['train-pause', 'train-stop']);

    expect(await f.actions.run('train-pause')).toBe(true);
    expect(f.calls.at(-1)).toEqual({
      channel: 'train.control',
      req: { runId: 'r1', action: 'pause' },
    });
    expect(enabled()).toEqual(['train-resume', 'train-stop']);

    await f.actions.run('train-resume'); // paused: continues the same run
    expect(f.calls.at(-1)?.req).toEqual({ runId: 'r1', action: 'resume' });
    await f.actions.run('train-stop');
    expect(f.calls.at(-1)?.req).toEqual({ runId: 'r1', action: 'cancel' });
    // Stopped: nothing to pause or stop; Resume restarts from the checkpoint; Start needs a scan.
    expect(enabled()).toEqual(['train-resume']);
    expect(await f.actions.run('train-pause')).toBe(false);

    await f.actions.run('train-resume');
    expect(f.calls.at(-1)).toMatchObject({
      channel: 'train.start',
      req: { out: '/runs/shapes-1', resume: true },
    });
    expect(enabled()).toEqual(['train-open-model']);

    // A scanned folder with usable images and settings: a new run can start.
    f.store.setState((s) => ({
      training: {
        ...s.training,
        config,
        scannedFolder: '/data/shapes',
        scan: { usable: 12 } as typeof s.training.scan,
      },
    }));
    expect(enabled()).toEqual(['train-start', 'train-open-model']);
    f.store.setState({ screen: 'explore' });
    expect(enabled()).toEqual(['train-open-model']); // Start belongs to the Train screen
  });
});

describe('the training record', () => {
  it('is offered only for a model that has one (the header link and the palette run one command)', () => {
    const f = fakeStudio({});
    const offered = () =>
      getCommand('train-show-record')!.enabled({ state: f.store.getState(), actions: f.actions });
    f.store.setState((s) => ({ doc: { ...s.doc, modelId: 'm1' } }));
    expect(offered()).toBe(false); // not asked yet
    f.store.setState((s) => ({ training: { ...s.training, hasRecord: { m1: false } } }));
    expect(offered()).toBe(false);
    f.store.setState((s) => ({ training: { ...s.training, hasRecord: { m1: true } } }));
    expect(offered()).toBe(true);
  });
});

describe('the scan report', () => {
  it('shows thumbnails of the folder it scanned, asked by folder only, and drops a stale answer', async () => {
    const rgba = new Uint8Array(4 * 4 * 4).fill(200);
    const f = fakeStudio({
      'dataset.scan': scanOf30,
      'train.defaults': () => ({ config, reasons: [] }),
      'dataset.thumbnails': (req) => {
        // Another folder is typed and scanned before this answer is used.
        if ((req as { folder: string }).folder === '/data/old')
          f.store.setState((s) => ({ training: { ...s.training, scannedFolder: '/data/new' } }));
        return { thumbnails: [{ file: 'a.png', width: 4, height: 4, rgba }], of: 30 };
      },
    });
    f.store.setState((s) => ({ training: { ...s.training, folder: '/data/shapes' } }));
    await f.actions.scanFolder();
    const thumbsCall = f.calls.find((c) => c.channel === 'dataset.thumbnails');
    expect(thumbsCall?.req).toEqual({ folder: '/data/shapes', count: 12, size: 64 });
    const shown = f.store.getState().training.scanThumbnails;
    expect(shown.map((t) => [t.file, t.frame.width, t.frame.rgba])).toEqual([['a.png', 4, rgba]]);

    f.store.setState((s) => ({ training: { ...s.training, folder: '/data/old' } }));
    await f.actions.scanFolder();
    expect(f.store.getState().training.scannedFolder).toBe('/data/new');
    expect(f.store.getState().training.scanThumbnails).toEqual([]);
  });
});

describe('the settings form while the engine answers', () => {
  it('stays busy until the whole scan is done, though the defaults it asks for come back first', async () => {
    let busyWhileThumbnails: boolean | null = null;
    const f = fakeStudio({
      'dataset.scan': scanOf30,
      'train.defaults': () => ({ config, reasons: [] }),
      // Asked after train.defaults has answered: a family chosen now would have its own defaults
      // land on top of the user's next edits, so the form must still be disabled.
      'dataset.thumbnails': () => {
        busyWhileThumbnails = f.store.getState().training.busy;
        return { thumbnails: [], of: 30 };
      },
    });
    f.store.setState((s) => ({ training: { ...s.training, folder: '/data/shapes' } }));
    await f.actions.scanFolder();
    expect(busyWhileThumbnails).toBe(true);
    expect(f.store.getState().training.busy).toBe(false);
  });
});

describe('Export as PyTorch job', () => {
  it('is a command on finished and stopped runs that opens the panel and exports into the chosen folder', async () => {
    const answer = {
      dir: '/chosen/shapes-1-pytorch',
      readme: '/chosen/shapes-1-pytorch/README.md',
      family: 'gan',
      startStep: 12,
      steps: 12,
      commands: {
        single: 'cd /chosen/shapes-1-pytorch && python train.py',
        spawn: 'python train.py --procs 2',
        gpus: 'torchrun --standalone --nproc_per_node=4 train.py',
        nodes: ['torchrun --nnodes=2 …'],
        importModel: 'latent-studio import …',
        importCheckpoint: 'latent-studio import-checkpoint …',
      },
      files: ['README.md', 'train.py'],
    };
    const f = fakeStudio({ 'train.exportJob': () => answer });
    const command = getCommand('train-export-job')!;
    const enabled = () => command.enabled({ state: f.store.getState(), actions: f.actions });
    const show = (state: TrainRun['state']) =>
      f.store.setState((s) => ({
        screen: 'train',
        training: { ...s.training, runs: { r1: run('r1', state) }, runId: 'r1' },
      }));
    show('running');
    expect(enabled()).toBe(false);
    show('failed');
    expect(enabled()).toBe(false);
    show('stopped');
    expect(enabled()).toBe(true);
    show('finished');
    expect(enabled()).toBe(true);

    expect(await f.actions.run('train-export-job')).toBe(true);
    expect(f.store.getState().training.jobExport).toEqual({ runId: 'r1', into: '', result: null });
    f.actions.setJobExportFolder(' /chosen ');
    await f.actions.exportJob();
    expect(f.calls.at(-1)).toEqual({
      channel: 'train.exportJob',
      req: { runId: 'r1', into: '/chosen' },
    });
    expect(f.store.getState().training.jobExport?.result).toEqual(answer);
    // An empty folder field leaves the engine its default (the data folder's jobs/).
    f.actions.setJobExportFolder('');
    await f.actions.exportJob();
    expect(f.calls.at(-1)?.req).toEqual({ runId: 'r1' });
    f.actions.closeJobExport();
    expect(f.store.getState().training.jobExport).toBeNull();
  });
});

describe('training helpers', () => {
  it('keeps loss history ordered when a resumed run repeats steps', () => {
    let h = appendHistory([], { step: 1, losses: { g: 1 } });
    h = appendHistory(h, { step: 2, losses: { g: 2 } });
    h = appendHistory(h, { step: 2, losses: { g: 3 } });
    expect(h).toEqual([
      { step: 1, losses: { g: 1 } },
      { step: 2, losses: { g: 3 } },
    ]);
  });

  it('puts each default reason beside its field, the rest in a list', () => {
    const { byField, general } = reasonsByField([
      'Batch 32 fits the folder.',
      'DiffAugment on: a small folder.',
      '24 images: trained at 32 px.',
      'Have fun.',
    ]);
    expect(byField.batch).toEqual(['Batch 32 fits the folder.']);
    expect(byField.gan).toEqual(['DiffAugment on: a small folder.']);
    expect(byField.size).toEqual(['24 images: trained at 32 px.']);
    expect(general).toEqual(['Have fun.']);
  });

  it('gates Explore shortcuts to the Explore screen and switches screens', () => {
    const f = fakeStudio({});
    const sample = getCommand('sample')!;
    const toTrain = getCommand('screen-train')!;
    f.store.setState((s) => ({ doc: { ...s.doc, modelId: 'm' } }));
    expect(sample.enabled({ state: f.store.getState(), actions: f.actions })).toBe(true);
    void toTrain.perform({ state: f.store.getState(), actions: f.actions });
    expect(f.store.getState().screen).toBe('train');
    expect(sample.enabled({ state: f.store.getState(), actions: f.actions })).toBe(false);
    expect(toTrain.enabled({ state: f.store.getState(), actions: f.actions })).toBe(false);
  });
});
