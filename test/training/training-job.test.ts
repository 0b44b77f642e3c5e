import { describe, expect, it } from 'vitest';
import {
  runTrainingJob,
  type TrainingDetector,
} from '../../main/engine/training/process/run-training-job';
import { pngFolder, tempDir, tinyConfig } from './fixtures';

/** A detector that writes down what the runner tells it. */
function recorder(failAtStep?: number): TrainingDetector & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    preview: (step, grid) => void calls.push(`preview ${step} ${grid.width}x${grid.height}`),
    stepEnd: (s) => {
      calls.push(`step ${s.step}`);
      if (s.step === failAtStep) throw new Error(`detector failed at ${s.step}`);
    },
    close: async (finished) => void calls.push(`close ${finished}`),
  };
}

describe('runTrainingJob (the one job runner of the app and the CLI)', () => {
  it(
    'tells every detector in the list of each step and preview, then closes each once',
    { timeout: 300_000 },
    async () => {
      const folder = await pngFolder([[200, 40, 0]], 4);
      const out = await tempDir('job');
      const [a, b] = [recorder(), recorder()];
      const notices: string[] = [];
      const result = await runTrainingJob({
        job: {
          folder,
          outDir: out,
          resume: false,
          width: 4,
          config: tinyConfig({ steps: 3, batch: 2, previewEvery: 2, checkpointEvery: 10 }),
        },
        detectors: [a, b],
        onNotice: (m) => notices.push(m),
        onMetrics: () => undefined,
      });
      expect(result.state).toBe('finished');
      for (const d of [a, b])
        expect(d.calls).toEqual([
          'step 1',
          'preview 2 128x128',
          'step 2',
          'preview 3 128x128',
          'step 3',
          'close true',
        ]);
    },
  );

  it(
    'a failed run still closes every detector, without waiting (close false)',
    { timeout: 300_000 },
    async () => {
      const folder = await pngFolder([[0, 40, 200]], 4);
      const [a, b] = [recorder(2), recorder()];
      await expect(
        runTrainingJob({
          job: {
            folder,
            outDir: await tempDir('job-fail'),
            resume: false,
            width: 4,
            config: tinyConfig({ steps: 5, batch: 2, previewEvery: 10, checkpointEvery: 10 }),
          },
          detectors: [a, b],
          onNotice: () => undefined,
          onMetrics: () => undefined,
        }),
      ).rejects.toThrow('detector failed at 2');
      expect(a.calls).toEqual(['step 1', 'step 2', 'close false']);
      expect(b.calls).toEqual(['step 1', 'close false']);
    },
  );
});
