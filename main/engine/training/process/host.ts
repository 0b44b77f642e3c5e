import { fork, type ForkOptions } from 'node:child_process';
import type {
  TrainMetrics,
  TrainProgress,
  TrainRun,
  TrainState,
} from '../../../contract/training-schemas';
import type { ChildMessage, HostMessage, TrainJob } from './messages';

/** The part of a child process the host uses: Node's ChildProcess fits, and so can Electron's utilityProcess behind an adapter. */
export interface TrainingChild {
  send(message: HostMessage): unknown;
  on(event: 'message', listener: (message: ChildMessage) => void): unknown;
  on(
    event: 'exit',
    listener: (code: number | null, signal: NodeJS.Signals | null) => void,
  ): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  kill(signal?: NodeJS.Signals): unknown;
}
export type SpawnTrainingProcess = (
  entry: string,
  options: { execArgv: string[]; env: NodeJS.ProcessEnv },
) => TrainingChild;

export const forkTrainingProcess: SpawnTrainingProcess = (entry, options) => {
  // 'advanced' serialisation moves preview bytes as a Uint8Array instead of a JSON number list.
  const forkOptions: ForkOptions = {
    ...options,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  };
  return fork(entry, [], forkOptions);
};

export interface HostEvents {
  onProgress?: (progress: TrainProgress) => void;
  onPreview?: (preview: {
    runId: string;
    step: number;
    frame: { width: number; height: number; rgba: Uint8Array; seed: null };
  }) => void;
  onState?: (state: {
    runId: string;
    state: TrainState;
    message: string | null;
    modelId: string | null;
  }) => void;
  onCheckpoint?: (c: { runId: string; step: number; dir: string }) => void;
  /** Live detectors, held-out loss and FID/KID (train.metrics). */
  onMetrics?: (m: TrainMetrics & { runId: string }) => void;
  /** Messages in words from the run (skipped checkpoints, held-out split, skipped FID/KID). */
  onNotice?: (n: { runId: string; message: string }) => void;
}
export interface HostOptions extends HostEvents {
  /** The worker entry: main/engine/training/process/train-process.ts in dev and tests, dist/cli/train-process.mjs when bundled. */
  entry: string;
  /** e.g. ['--import', 'tsx'] to run the .ts entry. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  spawn?: SpawnTrainingProcess;
}

interface Tracked {
  run: TrainRun;
  child: TrainingChild;
  modelDir: string | null;
  lastCheckpoint: string | null;
  ended: Promise<TrainRun>;
}

const ENDED: TrainState[] = ['stopped', 'finished', 'failed'];

/** How long closing the host waits for runs to checkpoint and stop before it kills them. */
export const DISPOSE_GRACE_MS = 20_000;

/** Describes how a training process ended when it did not report an end itself. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal === 'SIGKILL')
    return 'The training process was killed (SIGKILL) — often the system running out of memory.';
  if (signal) return `The training process ended on signal ${signal}.`;
  return `The training process exited unexpectedly with code ${code}.`;
}

/**
 * Runs each training in its own process and keeps the runs' status. A crashed child becomes a
 * 'failed' run with the reason in words; the host itself carries on, and the run's last checkpoint
 * stays on disk for a resume.
 */
export class TrainingProcessHost {
  private readonly runs = new Map<string, Tracked>();
  private counter = 0;

  constructor(private readonly options: HostOptions) {}

  start(job: Omit<TrainJob, 'runId'> & { runId?: string }): TrainRun {
    const runId = job.runId ?? `run-${Date.now().toString(36)}-${(this.counter += 1)}`;
    const spawn = this.options.spawn ?? forkTrainingProcess;
    const child = spawn(this.options.entry, {
      execArgv: this.options.execArgv ?? [],
      env: { ...process.env, ...this.options.env },
    });
    const run: TrainRun = {
      runId,
      folder: job.folder,
      out: job.outDir,
      config: job.config,
      state: 'starting',
      message: null,
      lastProgress: null,
      modelId: null,
      notices: [],
    };
    let finish: (run: TrainRun) => void = () => undefined;
    const tracked: Tracked = {
      run,
      child,
      modelDir: null,
      lastCheckpoint: null,
      ended: new Promise((resolve) => (finish = resolve)),
    };
    this.runs.set(runId, tracked);
    const setState = (state: TrainState, message: string | null) => {
      if (ENDED.includes(run.state)) return;
      run.state = state;
      run.message = message;
      this.options.onState?.({ runId, state, message, modelId: run.modelId });
      if (ENDED.includes(state)) finish(run);
    };
    child.on('message', (m) => this.handle(tracked, m, setState));
    child.on('error', (err) =>
      setState('failed', `The training process could not run: ${err.message}`),
    );
    child.on('exit', (code, signal) => {
      // IPC messages sent just before a normal exit can arrive after 'exit': give them a moment
      // before calling an exit without a final state a crash.
      setTimeout(() => {
        const saved = tracked.lastCheckpoint
          ? ` The last checkpoint (${tracked.lastCheckpoint}) is kept; start again with resume to continue.`
          : '';
        setState('failed', `${describeExit(code, signal)}${saved}`);
      }, 250);
    });
    child.send({ type: 'start', job: { ...job, runId } });
    return { ...run };
  }

  private handle(
    t: Tracked,
    m: ChildMessage,
    setState: (s: TrainState, msg: string | null) => void,
  ): void {
    const { runId } = t.run;
    if (m.type === 'progress') {
      t.run.lastProgress = { runId, ...m.progress };
      this.options.onProgress?.(t.run.lastProgress);
    } else if (m.type === 'preview') {
      this.options.onPreview?.({
        runId,
        step: m.step,
        frame: { width: m.width, height: m.height, rgba: new Uint8Array(m.rgba), seed: null },
      });
    } else if (m.type === 'metrics') {
      this.options.onMetrics?.({ ...m.metrics, runId });
    } else if (m.type === 'notice') {
      const notices = (t.run.notices ??= []);
      notices.push(m.message);
      if (notices.length > 50) notices.shift();
      this.options.onNotice?.({ runId, message: m.message });
    } else if (m.type === 'checkpoint') {
      t.lastCheckpoint = m.dir;
      this.options.onCheckpoint?.({ runId, step: m.step, dir: m.dir });
    } else if (m.type === 'done') {
      t.modelDir = m.modelDir;
      t.lastCheckpoint = m.checkpointDir ?? t.lastCheckpoint;
    } else if (m.type === 'state') setState(m.state, m.message);
    else if (m.type === 'error') setState('failed', m.message);
  }

  control(runId: string, action: 'pause' | 'resume' | 'cancel'): TrainRun {
    const t = this.runs.get(runId);
    if (!t) throw new Error(`There is no training run ${runId}.`);
    if (!ENDED.includes(t.run.state)) t.child.send({ type: action });
    return { ...t.run };
  }

  list(): TrainRun[] {
    return [...this.runs.values()].map((t) => ({ ...t.run, notices: [...(t.run.notices ?? [])] }));
  }

  /** Folders of a run: the finished model (null until finished) and the newest checkpoint. */
  folders(runId: string): { modelDir: string | null; checkpointDir: string | null } {
    const t = this.runs.get(runId);
    return { modelDir: t?.modelDir ?? null, checkpointDir: t?.lastCheckpoint ?? null };
  }

  /** Resolves with the run once it has stopped, finished or failed. */
  wait(runId: string): Promise<TrainRun> {
    const t = this.runs.get(runId);
    if (!t) return Promise.reject(new Error(`There is no training run ${runId}.`));
    return t.ended.then((run) => ({ ...run }));
  }

  /** Sets the library id once the lead's glue has imported the finished model. */
  setModelId(runId: string, modelId: string): void {
    const t = this.runs.get(runId);
    if (t) t.run.modelId = modelId;
  }

  /**
   * Asks every live run to stop (each writes a checkpoint at its next step) and waits for them,
   * for `graceMs` at most; runs still going then are killed. A run busy in a long phase between
   * steps (converting an extractor, reading a folder) cannot stop at a step, and must not keep
   * the app or `serve` from exiting: checkpoints are written atomically, so a kill keeps the last
   * whole one and loses only the steps since.
   */
  async dispose(graceMs = DISPOSE_GRACE_MS): Promise<void> {
    const live = [...this.runs.values()].filter((t) => !ENDED.includes(t.run.state));
    for (const t of live) t.child.send({ type: 'cancel' });
    const all = Promise.all(live.map((t) => t.ended));
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (!late) return;
    for (const t of live) if (!ENDED.includes(t.run.state)) t.child.kill('SIGKILL');
    await all;
  }
}
