/**
 * The collapse detector on issue 9's comparison run: the recipe of app-dcgan-run.ts
 * (app-dcgan-recipe.ts, seed 1) run as the app runs a job (`runTrainingJob`, with its standard
 * detectors: fashion-mnist extractor, a preview every 50 steps, no FID/KID) at a chosen learning
 * rate: 2e-4 is the healthy recipe, 1e-1 or 1 a deliberately collapsed run. Prints one JSON line
 * per collapse reading; OUT/metrics.jsonl holds every reading, as for any run.
 *
 *   npx tsx scripts/gan-reference/app-dcgan-detectors.ts FOLDER OUT [LR=2e-4] [STEPS=600]
 */
import { runTrainingJob } from '../../main/engine/training/process/run-training-job';
import { COMPARISON_WIDTH, comparisonRecipe } from './app-dcgan-recipe';

const [folder, out, lrArg, stepsArg] = process.argv.slice(2);
if (!folder || !out) throw new Error('usage: app-dcgan-detectors.ts FOLDER OUT [LR] [STEPS]');
const started = performance.now();
const result = await runTrainingJob({
  job: {
    folder,
    outDir: out,
    resume: false,
    width: COMPARISON_WIDTH,
    config: {
      ...comparisonRecipe({
        steps: Number(stepsArg ?? 600),
        seed: 1,
        learningRate: Number(lrArg ?? 2e-4),
      }),
      checkpointEvery: 100_000,
      previewEvery: 50,
      keepCheckpoints: 1,
      evalEvery: 0,
      extractor: 'fashion-mnist',
    },
  },
  onMetrics: (m) => {
    if (m.collapse) console.log(JSON.stringify({ step: m.step, ...m.collapse }));
  },
  onNotice: (message) => console.log(message),
});
const seconds = Math.round((performance.now() - started) / 1000);
console.log(JSON.stringify({ state: result.state, seconds }));
