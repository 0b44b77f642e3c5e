// Writes the bundled default model's sidecar manifest and copies its training record beside it.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Defaults describe the VAE (train-default-model.sh); the diffusion and GAN scripts name their own.
const FASHION = "Fashion-MNIST from Debian's dataset-fashion-mnist (MIT)";
const [
  modelDir,
  base = 'fashion-mnist-vae',
  title = 'Fashion-MNIST VAE',
  kind = 'VAE',
  data = FASHION,
] = process.argv.slice(2);
if (!modelDir)
  throw new Error('usage: describe-default-model.mjs RUN/model [BASE] [TITLE] [KIND] [DATA]');
const config = JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8'));
const steps = config.steps ?? config.config?.steps;
const size = config.config?.size ?? 32;
const record = `assets/models/${base}.training`;
await mkdir(record, { recursive: true });
for (const file of ['config.json', 'training-log.json'])
  await copyFile(join(modelDir, file), join(record, file));
// The live FID/KID, diversity and held-out points of the run (train --extractor …), when it has them.
await copyFile(join(modelDir, '..', 'metrics.jsonl'), join(record, 'metrics.jsonl')).catch((err) =>
  console.warn(`no metrics.jsonl in the run: ${err.message}`),
);
await writeFile(
  `assets/models/${base}.json`,
  `${JSON.stringify(
    {
      // The exporter's manifest (a denoiser's kind and scheduler) stays; name and note are added.
      ...(await readFile(`assets/models/${base}.json`, 'utf8').then(JSON.parse, () => ({}))),
      name: `${title} (trained by Latent Studio)`,
      note: `Trained by Latent Studio's own train command (${kind}, ${size} px, ${steps} steps) on ${data}. Its losses and FID/KID are in its training record.`,
    },
    null,
    2,
  )}\n`,
);
console.log(`described the default model (${steps} steps)`);
