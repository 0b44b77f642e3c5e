import { basename, join, resolve } from 'node:path';
import type { Handlers } from '../../contract/channels';
import { sourceStatistics } from '../evaluation/source-statistics';
import { bleuOfFiles } from '../metrics/bleu-files';
import { encodeStatsNpz } from '../metrics/npz';
import { checkWriteTarget, writeTargetFile } from '../io/write-target';
import { manifestPathFor } from '../models/manifest';
import { isDiffusionModel } from '../models/diffusion-model';
import { inferenceProvider } from '../models/inference-provider';
import { loadGenerator } from '../models/load-generator';
import { exportTrainedModel } from '../onnx-export/export-trained-model';
import { resolveTrainedModelFolder } from '../onnx-export/trained-model-folder';
import { readNets } from '../training/checkpoint';
import type { StudioContext } from './studio-context';

/** Whether a trained-model folder holds an encoder ("e" in nets.json: a VAE of this version). */
const hasEncoderNet = (dir: string): Promise<boolean> =>
  readNets(dir).then(
    (nets) => nets.e !== undefined,
    () => false,
  );

type ToolChannel = 'models.inspect' | 'models.exportOnnx' | 'eval.stats' | 'eval.bleu';

/** Handlers of the CLI's requests besides the app's own (contract/tool-channels.ts). */
export function toolHandlers(ctx: StudioContext): Pick<Handlers, ToolChannel> {
  return {
    async 'models.inspect'({ path }) {
      const generator = await loadGenerator(path);
      try {
        const { props, runtime } = generator;
        // ONNX models run on the process's execution provider (CUDA or the CPU, and why).
        const provider = props.format === 'onnx' ? { provider: await inferenceProvider() } : {};
        return isDiffusionModel(generator)
          ? {
              kind: 'diffusion' as const,
              props,
              runtime,
              ...provider,
              diffusion: generator.diffusion,
            }
          : { kind: 'generator' as const, props, runtime, ...provider };
      } finally {
        await generator.dispose();
      }
    },

    async 'models.exportOnnx'({ modelDir, out, overwrite }) {
      const dir = await resolveTrainedModelFolder(resolve(modelDir));
      // A folder as `out` gets "<model folder name>.onnx"; a run's model/ is named after the run.
      const name = basename(dir) === 'model' ? basename(resolve(dir, '..')) : basename(dir);
      const file = /\.onnx$/i.test(out) ? resolve(out) : join(resolve(out), `${name}.onnx`);
      // The model and its manifest: both checked before the export's work, neither replaced unasked.
      await checkWriteTarget(file, { policy: ctx.writes, extensions: ['.onnx'], overwrite });
      const manifest = manifestPathFor(file, 'onnx');
      await checkWriteTarget(manifest, { policy: ctx.writes, extensions: ['.json'], overwrite });
      // A VAE's encoder is written beside it: that name is not replaced unasked either.
      if (await hasEncoderNet(dir))
        await checkWriteTarget(file.replace(/\.onnx$/i, '.encoder.onnx'), {
          policy: ctx.writes,
          extensions: ['.onnx'],
          overwrite,
        });
      return exportTrainedModel(dir, file);
    },

    async 'eval.stats'({ source, out, extractor, count, overwrite, jobId }) {
      const file = resolve(out);
      const target = { policy: ctx.writes, extensions: ['.npz'], overwrite };
      await checkWriteTarget(file, target);
      const job = ctx.jobs.start(jobId);
      try {
        const s = await sourceStatistics(source, {
          dataDir: ctx.dataDir,
          library: ctx.library,
          extractor,
          count,
          signal: job.signal,
          onProgress: (p) => job.progress(p.done, p.total, p.phase),
          onNotice: (message) => job.progress(0, 0, message),
        });
        await writeTargetFile(file, encodeStatsNpz(s.stats), target);
        return {
          out: file,
          n: s.n,
          dim: s.extractor.dim,
          extractor: s.extractor.id,
          extractorLabel: s.extractor.label,
          source: s.label,
          warnings: s.warnings,
        };
      } finally {
        job.finish();
      }
    },

    async 'eval.bleu'({ hyp, refs, smooth, tokenize }) {
      return bleuOfFiles(hyp, refs, { smooth, tokenize });
    },
  };
}
