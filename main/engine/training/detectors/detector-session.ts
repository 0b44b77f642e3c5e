import type { TrainConfig, TrainMetrics } from '../../../contract/training-schemas';
import type { FeatureExtractor } from '../../metrics/extractors/extractor';
import type { RgbaImage } from '../../image/png';
import { openExtractor } from '../../metrics/extractors/open-extractor';
import { featureMatrix } from '../../metrics/features';
import { refreshModelMetrics } from '../checkpoint';
import type { BatchSource, TrainingImages } from '../data-source';
import { PREVIEW_SIDE } from '../preview';
import { CollapseDetector } from './collapse';
import { HELD_OUT_MAX, seededSubset } from './held-out-split';
import { cacheBytesToRgba, gridTiles } from './images';
import { checkMemorization } from './memorization-check';
import { appendMetrics, metricsLogPath, truncateMetricsLog } from './metrics-log';
import { MetricsWorker } from './metrics-worker-client';
import type { ModelProbe } from './model-probes';
import { pairsWithThumbnails } from './pair-thumbnails';
import { detectorReference, type DetectorReference } from './reference';

export const REFERENCE_MAX = 2000;
export const DEFAULT_EVAL_EVERY = 500;
export const DEFAULT_EVAL_SAMPLES = 500;
/** What train.start puts in a run's config when the request names no extractor. */
export const DEFAULT_EXTRACTOR = 'inception';

interface Reference {
  extractor: FeatureExtractor;
  ref: DetectorReference;
  /** Shard indices of the reference rows, and their RGBA images (for the side-by-side pairs). */
  indices: Uint32Array;
  images: RgbaImage[];
  files: readonly string[];
}

export interface DetectorSessionOptions {
  config: TrainConfig;
  outDir: string;
  resume: boolean;
  /**
   * Where the default extractor's one-time conversion is cached. config.extractor is 'inception'
   * (converted once), 'fashion-mnist', or the path of an ONNX extractor with its .json manifest.
   */
  extractorCacheDir: string;
  emit: (m: TrainMetrics) => void;
  notice: (message: string) => void;
}

/**
 * The live detectors of one run, inside the training process. The trainer calls `stepEnd` after
 * every step and `preview` with every preview grid. Everything that needs the extractor runs on a
 * promise chain (onnxruntime computes on its own threads), FID/KID arithmetic in a worker thread;
 * the training loop only pays for the held-out forward pass and for generating the FID samples.
 */
export class DetectorSession {
  private reference: Promise<Reference | null> | null = null;
  private collapse: CollapseDetector | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly worker = new MetricsWorker();
  /** FID/KID points queued or running (at most one waits behind the running one). */
  private evaluations = 0;
  private heldOut: { heldOut: Float32Array; train: Float32Array; count: number } | null | undefined;
  private replayed: TrainMetrics[] = [];
  private readonly log: string;
  private logChain: Promise<void> = Promise.resolve();
  private extractorId: string | null = null;
  private disabled = false;

  constructor(private readonly o: DetectorSessionOptions) {
    this.log = metricsLogPath(o.outDir);
  }

  private get evalEvery(): number {
    return this.o.config.evalEvery ?? DEFAULT_EVAL_EVERY;
  }

  async stepEnd(s: { step: number; probe: ModelProbe; source: BatchSource }): Promise<void> {
    if (!this.reference) await this.begin(s.step - 1, s.source.images);
    const { config } = this.o;
    const previewStep = s.step % config.previewEvery === 0 || s.step === config.steps;
    if (previewStep && config.family === 'vae' && s.source.images) await this.recon(s);
    if (previewStep && s.probe.heldOutNll) await this.nll(s.step, s.probe);
    const every = this.evalEvery;
    // The last step gets a point too, when the run is long enough to have a chart.
    if (every > 0 && (s.step % every === 0 || (s.step === config.steps && s.step > every)))
      await this.evaluate(s);
  }

  /** A preview grid (16 fixed-seed samples): diversity, near-duplicates and nearest training images. */
  preview(step: number, grid: RgbaImage): void {
    this.enqueue(async () => {
      const r = await this.reference;
      if (!r) return;
      const tiles = gridTiles(grid, PREVIEW_SIDE);
      const samples = featureMatrix(await r.extractor.features(tiles), r.extractor.dim);
      const collapse = (this.collapse ??= new CollapseDetector(r.ref)).observe(samples, step);
      const memo = checkMemorization(samples, r.ref);
      this.publish({
        step,
        extractor: r.extractor.id,
        collapse,
        memorization: {
          threshold: memo.threshold,
          flaggedShare: memo.flaggedShare,
          alarm: memo.alarm,
          warning: memo.warning,
          pairs: pairsWithThumbnails(memo.pairs, tiles, r.images, r.indices, r.files),
        },
      });
    });
  }

  /**
   * Waits for queued detector and FID/KID work (`drain`: a finished run; a stopped one does not
   * wait), stops the worker, and for a finished run brings model/metrics.jsonl up to date.
   */
  async close(drain = true): Promise<void> {
    // Only when the reference is ready: a run that ends while the extractor is still working
    // through the training images does not wait minutes for detectors it no longer needs.
    if (drain && this.extractorId !== null) await this.chain;
    await this.logChain;
    await this.worker.dispose();
    await this.reference?.then((r) => r?.extractor.dispose());
    // The last FID/KID point lands after model/ was written: copy the finished log into it.
    if (drain) await refreshModelMetrics(this.o.outDir).catch(() => false);
  }

  private async begin(resumedAt: number, images: TrainingImages | undefined): Promise<void> {
    if (this.o.resume) {
      this.replayed = await truncateMetricsLog(this.log, resumedAt);
      for (const m of this.replayed) this.o.emit(m);
    }
    this.reference = this.openReference(images);
    this.reference.catch(() => undefined);
  }

  private async openReference(images: TrainingImages | undefined): Promise<Reference | null> {
    const off = (why: string) => {
      this.disabled = true;
      this.publish({ step: 0, extractor: null, status: `Detectors and FID/KID are off: ${why}.` });
      return null;
    };
    if (this.o.config.family === 'text')
      return off('a text model makes no images; its measures are bits per character and BLEU');
    if (!images) return off('the training images are not on disk (an in-memory loader)');
    if (this.o.config.extractor === undefined)
      return off('no feature extractor was chosen for this run (settings: extractor)');
    let extractor: FeatureExtractor;
    try {
      extractor = await openExtractor(this.o.config.extractor, {
        cacheDir: this.o.extractorCacheDir,
        onNotice: this.o.notice,
      });
    } catch (err) {
      return off(
        `the feature extractor could not be opened — ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    try {
      const indices = seededSubset(images.trainIndices, REFERENCE_MAX, this.o.config.seed, 0x2ef);
      this.o.notice(
        `Detectors: features of ${indices.length} training images with ${extractor.label}…`,
      );
      const { size, channels } = this.o.config;
      const rgba = cacheBytesToRgba(await images.read(indices), indices.length, size, channels);
      const ref = detectorReference(featureMatrix(await extractor.features(rgba), extractor.dim));
      this.collapse = new CollapseDetector(ref);
      this.extractorId = extractor.id;
      this.collapse.restore(
        this.replayed.flatMap((m) => (m.collapse ? [{ ...m.collapse, step: m.step }] : [])),
      );
      return { extractor, ref, indices, images: rgba, files: images.files };
    } catch (err) {
      await extractor.dispose();
      return off(
        `the training images' features failed — ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private async recon(s: { step: number; probe: ModelProbe; source: BatchSource }): Promise<void> {
    if (this.heldOut === undefined) this.heldOut = await this.loadHeldOut(s.source.images!);
    if (!this.heldOut || !s.probe.reconstructionLoss) return;
    const { heldOut, train, count } = this.heldOut;
    this.publish({
      step: s.step,
      extractor: this.extractorId,
      recon: {
        heldOut: await s.probe.reconstructionLoss(heldOut, count),
        train: await s.probe.reconstructionLoss(train, count),
        heldOutCount: count,
      },
    });
  }

  /** Autoregressive families: held-out vs training bits/dim or bits/char. */
  private async nll(step: number, probe: ModelProbe): Promise<void> {
    const nll = await probe.heldOutNll?.();
    if (nll) this.publish({ step, extractor: this.extractorId, nll });
  }

  /** The held-out images and as many fixed training images, as floats in [-1, 1]. */
  private async loadHeldOut(images: TrainingImages) {
    if (images.heldOutIndices.length === 0) return null;
    const held = seededSubset(images.heldOutIndices, HELD_OUT_MAX, this.o.config.seed, 0x4e1d1);
    const train = seededSubset(images.trainIndices, held.length, this.o.config.seed, 0x4e1d2);
    const floats = (b: Uint8Array) => Float32Array.from(b, (v) => v / 127.5 - 1);
    return {
      heldOut: floats(await images.read(held)),
      train: floats(await images.read(train)),
      count: Math.min(held.length, train.length),
    };
  }

  private async evaluate(s: { step: number; probe: ModelProbe }): Promise<void> {
    if (this.disabled) return;
    if (this.evaluations >= 2 && s.step !== this.o.config.steps) {
      this.o.notice(`FID/KID at step ${s.step} skipped: the previous ones are still running.`);
      return;
    }
    this.evaluations += 1;
    const samples = await s.probe.samples(this.o.config.evalSamples ?? DEFAULT_EVAL_SAMPLES);
    this.enqueue(async () => {
      try {
        const r = await this.reference;
        if (!r) return;
        const fake = await r.extractor.features(samples);
        const { fid, kid } = await this.worker.compute(r.extractor.dim, r.ref.features.data, fake);
        this.publish({
          step: s.step,
          extractor: r.extractor.id,
          eval: { fid, kid, n: samples.length, nReal: r.ref.features.rows },
        });
      } finally {
        this.evaluations -= 1;
      }
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain
      .then(work)
      .catch((err: unknown) =>
        this.o.notice(`A detector failed: ${err instanceof Error ? err.message : String(err)}`),
      );
  }

  /** Sends at once; the log is appended in order on its own chain (fsync off the training path). */
  private publish(m: TrainMetrics): void {
    this.o.emit(m);
    this.logChain = this.logChain
      .then(() => appendMetrics(this.log, m))
      .catch((err: unknown) =>
        this.o.notice(
          `The metrics log could not be written: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  }
}
