import { describe, expect, it } from 'vitest';
import type { EventName, ModelInfo, StudioApi } from '../../../main/contract/channels';
import type { TrainConfig, TrainRun } from '../../../main/contract/training-schemas';
import { getCommand } from '../commands';
import { reasonsByField } from '../components/train/reasons';
import { createStore } from '../state/store';
import { initialState, type StudioState } from '../state/studio';
import { appendHistory, runView } from '../state/training';
import { createActions } from '.';

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
  const store = createStore<StudioState>({ ...initialState });
  const actions = createActions({ api, store });
  const emit = (event: EventName, payload: unknown) => listeners.get(event)?.(payload);
  return { calls, store, actions, emit };
}

describe('training actions', () => {
  it('follows events that arrive before train.start answers, then the newest word wins', async () => {
    const f = fakeStudio({ 'train.start': () => ({ run: run('r1', 'starting') }) });
    f.actions.watchTraining();
    f.store.set((s) => ({ training: { ...s.training, scannedFolder: '/data/shapes', config } }));
    f.emit('train.progress', progress('r1', 1));
    await f.actions.startRun();
    expect(f.calls[0]).toEqual({ channel: 'train.start', req: { folder: '/data/shapes', config } });
    f.emit('train.state', { runId: 'r1', state: 'running', message: null, modelId: null });
    f.emit('train.progress', progress('r1', 2));
    const view = runView(f.store.get().training, f.store.get().training.runId);
    expect(view?.state).toBe('running');
    expect(view?.progress?.step).toBe(2);
    expect(view?.history.map((h) => h.step)).toEqual([1, 2]);
  });

  it('resumes a stopped run in the same out folder and keeps its curves', async () => {
    const f = fakeStudio({ 'train.start': () => ({ run: run('r2', 'running') }) });
    f.actions.watchTraining();
    f.store.set((s) => ({
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
    const t = f.store.get().training;
    expect(t.runId).toBe('r2');
    expect(runView(t, 'r2')?.history.map((h) => h.step)).toEqual([3]);
  });

  it('opens the finished model: reloads the picker, selects it and shows Explore', async () => {
    const model = { id: 'trained-1', name: 'shapes GAN' } as ModelInfo;
    const f = fakeStudio({
      'train.openModel': () => ({ model }),
      'models.list': () => ({ models: [model] }),
    });
    f.store.set((s) => ({
      screen: 'train',
      training: { ...s.training, runs: { r1: run('r1', 'finished') }, runId: 'r1' },
    }));
    await f.actions.openRunModel(false);
    expect(f.calls.map((c) => c.channel)).toEqual([
      'train.openModel',
      'models.list',
      'render.grid',
    ]);
    expect(f.calls[0]?.req).toEqual({ runId: 'r1', checkpoint: false });
    expect(f.store.get()).toMatchObject({ screen: 'explore', modelId: 'trained-1' });
  });
  it('opens an already imported finished model without exporting it again', async () => {
    const model = { id: 'trained-2', name: 'shapes GAN' } as ModelInfo;
    const f = fakeStudio({ 'models.list': () => ({ models: [model] }) });
    const done = { ...run('r1', 'finished'), modelId: 'trained-2' };
    f.store.set((s) => ({
      screen: 'train',
      training: { ...s.training, runs: { r1: done }, runId: 'r1' },
    }));
    await f.actions.openRunModel(false);
    expect(f.calls.map((c) => c.channel)).toEqual(['models.list', 'render.grid']);
    expect(f.store.get()).toMatchObject({ screen: 'explore', modelId: 'trained-2' });
  });
});

describe('export a run as a PyTorch job', () => {
  const exported = {
    dir: '/data/jobs/shapes-1-pytorch',
    readme: '/data/jobs/shapes-1-pytorch/README.md',
    family: 'gan',
    startStep: 4,
    steps: 12,
    commands: {
      single: 'cd /data/jobs/shapes-1-pytorch && python train.py',
      spawn: 'cd /data/jobs/shapes-1-pytorch && python train.py --procs 2',
      gpus: 'cd /data/jobs/shapes-1-pytorch && torchrun --standalone --nproc_per_node=4 train.py',
      nodes: [],
      importModel: 'latent-studio import /data/jobs/shapes-1-pytorch/out/model --json',
      importCheckpoint: 'latent-studio import-checkpoint /data/jobs/shapes-1-pytorch/out',
    },
  };

  it('is enabled on the Train screen once the selected run has a checkpoint', () => {
    const f = fakeStudio({});
    const command = getCommand('train-export-job')!;
    const enabled = () => command.enabled({ state: f.store.get(), actions: f.actions });
    f.store.set((s) => ({
      screen: 'train',
      training: { ...s.training, runs: { r1: run('r1', 'running') }, runId: 'r1' },
    }));
    f.actions.watchTraining();
    f.emit('train.progress', progress('r1', 3));
    expect(enabled()).toBe(false); // checkpointEvery 4: nothing to start the job from yet
    f.emit('train.progress', progress('r1', 4));
    expect(enabled()).toBe(true);
    f.store.set({ screen: 'explore' });
    expect(enabled()).toBe(false);
  });

  it('exports the selected run and says where the job is and how to launch it', async () => {
    const f = fakeStudio({ 'train.exportJob': () => exported });
    f.store.set((s) => ({
      screen: 'train',
      training: { ...s.training, runs: { r1: run('r1', 'finished') }, runId: 'r1' },
    }));
    await getCommand('train-export-job')!.perform({ state: f.store.get(), actions: f.actions });
    expect(f.calls).toEqual([{ channel: 'train.exportJob', req: { runId: 'r1' } }]);
    const said = f.store.get().toasts.at(-1)?.text ?? '';
    expect(said).toContain('/data/jobs/shapes-1-pytorch');
    expect(said).toContain('torchrun --standalone --nproc_per_node=4 train.py');
    expect(said).toContain('README.md');
    expect(f.store.get().progress).toEqual([]);
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
    f.store.set({ modelId: 'm' });
    expect(sample.enabled({ state: f.store.get(), actions: f.actions })).toBe(true);
    void toTrain.perform({ state: f.store.get(), actions: f.actions });
    expect(f.store.get().screen).toBe('train');
    expect(sample.enabled({ state: f.store.get(), actions: f.actions })).toBe(false);
    expect(toTrain.enabled({ state: f.store.get(), actions: f.actions })).toBe(false);
  });
});
