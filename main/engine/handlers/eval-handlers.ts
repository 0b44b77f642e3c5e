import { isAbsolute } from 'node:path';
import { StudioError, type Handlers } from '../../contract/channels';
import type { EvalReport } from '../../contract/eval-schemas';
import { exportReport, type SampleRenderer } from '../evaluation/report/export-report';
import { readThumbnail } from '../evaluation/report/thumbnail';
import { fileKey } from '../evaluation/open-source';
import { listEvaluations, runEvaluation } from '../evaluation/run-evaluation';
import { resolveLatent } from '../latent/resolve';
import { renderBatch } from '../render/render-latents';
import { UI_CHUNK } from './render-job';
import type { StudioContext } from './studio-context';

type EvalHandlers = Pick<
  Handlers,
  'eval.run' | 'eval.history' | 'eval.exportReport' | 'eval.thumbnail'
>;

/** Words for the progress bar, by the phase names runEvaluation reports. */
function phaseLabel(phase: string): string {
  const known: Record<string, string> = {
    'opening extractor': 'Evaluating: loading the feature extractor',
    fake: 'Evaluating: generated images',
    real: 'Evaluating: reference images',
    metrics: 'Evaluating: computing metrics',
  };
  return known[phase] ?? `Evaluating: ${phase}`;
}

/**
 * The history key of what the UI names: a folder or model file by its path (the key is its name
 * plus a hash of the path, which only the engine computes), a library id or a key as it is.
 */
export function historyKey(modelKeyOrPath: string): string {
  return isAbsolute(modelKeyOrPath) ? fileKey(modelKeyOrPath) : modelKeyOrPath;
}

/** Whether two reports evaluated the same generated side (the same model, or the same folder). */
export function sameSubject(a: EvalReport, b: EvalReport): boolean {
  if (a.modelKey !== undefined && b.modelKey !== undefined) return a.modelKey === b.modelKey;
  const [x, y] = [a.request.fake, b.request.fake];
  if (x.kind === 'model' && y.kind === 'model') return x.model === y.model;
  if (x.kind !== 'model' && y.kind !== 'model') return x.path === y.path;
  return false;
}

/** Model samples of a report re-rendered by seed, exactly as the evaluation rendered them. */
function sampleRenderer(ctx: StudioContext, report: EvalReport): SampleRenderer | null {
  const fake = report.request.fake;
  if (fake.kind !== 'model') return null;
  return async (seeds) => {
    const { generator } = await ctx.library.generator(fake.model);
    const dim = generator.props.latentDim;
    const truncation = fake.truncation ?? 1;
    const latents = seeds.map((seed) => resolveLatent({ kind: 'seed', seed, truncation }, dim).z);
    return renderBatch(generator, ctx.scheduler, latents, { chunkSize: UI_CHUNK });
  };
}

export function evalHandlers(ctx: StudioContext): EvalHandlers {
  return {
    async 'eval.run'({ jobId, ...request }) {
      const job = ctx.jobs.start(jobId);
      try {
        return await runEvaluation(request, {
          dataDir: ctx.dataDir,
          library: ctx.library,
          scheduler: ctx.scheduler,
          signal: job.signal,
          onProgress: (p) => job.progress(p.done, p.total, phaseLabel(p.phase)),
          // One-time work such as converting the extractor shows as the bar's words.
          onNotice: (message) => job.progress(0, 0, message),
        });
      } catch (err) {
        // Whatever the evaluation was doing when the signal fired, the user sees "cancelled".
        if (job.signal.aborted) throw new StudioError('CANCELLED', 'The evaluation was cancelled.');
        throw err;
      } finally {
        job.finish();
      }
    },

    async 'eval.history'({ modelKey }) {
      const key = modelKey === undefined ? undefined : historyKey(modelKey);
      return { reports: await listEvaluations(ctx.dataDir, key) };
    },

    async 'eval.exportReport'({ id, format, path }) {
      const all = await listEvaluations(ctx.dataDir);
      const report = all.find((r) => r.id === id);
      if (!report) throw new StudioError('NOT_FOUND', `No saved evaluation has the id "${id}".`);
      const history = all.filter((r) => sameSubject(r, report));
      return {
        path: await exportReport(path, format, report, history, sampleRenderer(ctx, report)),
      };
    },

    async 'eval.thumbnail'({ path, size }) {
      return readThumbnail(path, size);
    },
  };
}
