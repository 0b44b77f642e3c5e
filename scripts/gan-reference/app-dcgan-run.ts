/**
 * The app's side of the issue-9 comparison: the app's own train() on the same folder and recipe as
 * dcgan_reference.py (app-dcgan-recipe.ts), checkpoints every 600 steps kept.
 *
 *   npx tsx scripts/gan-reference/app-dcgan-run.ts FOLDER OUT [STEPS=3000] [SEED=1]
 *   npx tsx scripts/gan-reference/app-dcgan-samples.ts OUT/checkpoints/step-0003000 SAMPLES 1000
 *   node bin/latent-studio.cjs eval fid|kid|pr --real FOLDER --fake SAMPLES --extractor fashion-mnist --json
 */
import { train } from '../../main/engine/training/trainer';
import { COMPARISON_WIDTH, comparisonRecipe } from './app-dcgan-recipe';

const [folder, out, stepsArg, seedArg] = process.argv.slice(2);
if (!folder || !out) throw new Error('usage: app-dcgan-run.ts FOLDER OUT [STEPS] [SEED]');
const started = performance.now();
const result = await train({
  folder,
  outDir: out,
  width: COMPARISON_WIDTH,
  config: {
    ...comparisonRecipe({ steps: Number(stepsArg ?? 3000), seed: Number(seedArg ?? 1) }),
    checkpointEvery: 600,
    previewEvery: 300,
    keepCheckpoints: 20,
  },
  onProgress: (p) => {
    if (p.step % 100 === 0)
      console.log(
        JSON.stringify({
          step: p.step,
          losses: p.losses,
          seconds: Math.round((performance.now() - started) / 1000),
        }),
      );
  },
  onNotice: (message) => console.log(message),
});
console.log(JSON.stringify(result));
