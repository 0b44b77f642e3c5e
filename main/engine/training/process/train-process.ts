/**
 * Entry of a training process (forked by TrainingProcessHost; bundled by the build as
 * dist/cli/train-process.mjs). Driven by IPC messages: start once, then pause/resume/cancel.
 * Training runs here, not in the app's process, so a crash or an out-of-memory in tfjs takes
 * down only this process; the last checkpoint on disk survives it.
 */
import { TrainingControl } from '../control';
import type { ChildMessage, TrainJob } from './messages';
import { parentChannel } from './parent-channel';
import { runTrainingJob } from './run-training-job';

const control = new TrainingControl();
let started = false;
let running = false;
/** What the run's status line says while it runs: how a resume began (null for a fresh run). */
let runningMessage: string | null = null;

const channel = parentChannel();

function send(message: ChildMessage): void {
  channel.send(message);
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function run(job: TrainJob): Promise<void> {
  send({ type: 'state', state: 'starting', message: null });
  try {
    const result = await runTrainingJob({
      job,
      control,
      onResume: (_plan, summary) => {
        runningMessage = summary;
        send({ type: 'state', state: 'starting', message: summary });
      },
      onProgress: (progress) => {
        if (!running) send({ type: 'state', state: 'running', message: runningMessage });
        running = true;
        send({ type: 'progress', progress });
      },
      onPreview: (p) => send({ type: 'preview', ...p }),
      onCheckpoint: (c) => send({ type: 'checkpoint', ...c }),
      onPaused: (paused) =>
        send({
          type: 'state',
          state: paused ? 'paused' : 'running',
          message: paused ? null : runningMessage,
        }),
      onNotice: (message) => send({ type: 'notice', message }),
      onMetrics: (metrics) => send({ type: 'metrics', metrics }),
    });
    send({ type: 'done', ...result });
    send({
      type: 'state',
      state: result.state,
      message:
        result.state === 'stopped'
          ? `Stopped at step ${result.step}; the checkpoint is saved.`
          : null,
    });
  } catch (err) {
    send({ type: 'error', message: describe(err) });
    send({ type: 'state', state: 'failed', message: describe(err) });
    process.exitCode = 1;
  }
  channel.close();
  // Detector work left running by a stopped run (onnxruntime) must not keep this process alive.
  setTimeout(() => process.exit(), 2000).unref();
}

channel.onMessage((message) => {
  if (message.type === 'start' && !started) {
    started = true;
    void run(message.job);
  } else if (message.type === 'pause') control.pause();
  else if (message.type === 'resume') control.resume();
  else if (message.type === 'cancel') {
    send({ type: 'state', state: 'stopping', message: null });
    control.cancel();
  }
});

// Ctrl-C in a terminal reaches the whole process group, and a host that dies disconnects us:
// both mean "stop after writing a checkpoint", never "die mid-write".
process.on('SIGINT', () => control.cancel());
process.on('SIGTERM', () => control.cancel());
channel.onDisconnect(() => control.cancel());
