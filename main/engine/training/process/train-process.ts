/**
 * Entry of a training process (forked by TrainingProcessHost; bundled by the build as
 * dist/cli/train-process.mjs). Driven by IPC messages: start once, then pause/resume/cancel.
 * Training runs here, not in the app's process, so a crash or an out-of-memory in tfjs takes
 * down only this process; the last checkpoint on disk survives it.
 */
import { join } from 'node:path';
import { TrainingControl } from '../control';
import { DetectorSession } from '../detectors/detector-session';
import { train } from '../trainer';
import type { ChildMessage, TrainJob } from './messages';
import { parentChannel } from './parent-channel';

const control = new TrainingControl();
let started = false;
let running = false;

const channel = parentChannel();

function send(message: ChildMessage): void {
  channel.send(message);
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function run(job: TrainJob): Promise<void> {
  send({ type: 'state', state: 'starting', message: null });
  const notice = (message: string) => send({ type: 'notice', message });
  const detectors = new DetectorSession({
    config: job.config,
    outDir: job.outDir,
    resume: job.resume,
    extractorCacheDir: job.extractorCacheDir ?? join(job.outDir, 'extractor-cache'),
    emit: (metrics) => send({ type: 'metrics', metrics }),
    notice,
  });
  try {
    const result = await train({
      folder: job.folder,
      config: job.config,
      outDir: job.outDir,
      resume: job.resume,
      width: job.width,
      backend: job.backend,
      control,
      onProgress: (progress) => {
        if (!running) send({ type: 'state', state: 'running', message: null });
        running = true;
        send({ type: 'progress', progress });
      },
      onPreview: (p) => {
        send({ type: 'preview', ...p });
        detectors.preview(p.step, { width: p.width, height: p.height, data: p.rgba });
      },
      onStepEnd: (s) => detectors.stepEnd(s),
      onCheckpoint: (c) => send({ type: 'checkpoint', ...c }),
      onPaused: (paused) =>
        send({ type: 'state', state: paused ? 'paused' : 'running', message: null }),
      onNotice: notice,
    });
    // The last preview's detectors and the final FID/KID belong to the run: wait for them.
    await detectors.close(result.state === 'finished');
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
    await detectors.close(false).catch(() => undefined);
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
