import { availableParallelism } from 'node:os';
import { stepDraws } from '../model-steps';
import type { TrainingModels } from '../models';
import { applyMovingStats, type Tf } from '../spec-forward';
import { DataParallelPool, sumSlots, type ShardOutput } from './data-parallel';
import {
  combineMoments,
  gradTensors,
  paramLayout,
  writeParams,
  type ParamLayout,
} from './param-layout';
import { replicaWorkerEntry } from './replica-entry';
import type { ReplicaConfig } from './train-replica';

/** Below this batch, shards of 4 or fewer samples make per-shard batch norm too noisy. */
export const MIN_PARALLEL_BATCH = 8;

/**
 * Replicas for a run: `requested` (option or LATENT_STUDIO_TRAIN_WORKERS) if given, else 2 when
 * the backend is wasm, there are ≥ 2 cores and the batch is ≥ 8, else 1. Only the wasm backend
 * runs data-parallel: tfjs-node already uses every core, and cpu is the in-process reference.
 */
export function workerCount(backend: string, batch: number, requested?: number): number {
  if (backend !== 'wasm') return 1;
  const fromEnv = Number(process.env.LATENT_STUDIO_TRAIN_WORKERS);
  const wanted = requested ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined);
  if (wanted !== undefined) return Math.max(1, Math.min(Math.floor(wanted), batch));
  return availableParallelism() >= 2 && batch >= MIN_PARALLEL_BATCH ? 2 : 1;
}

/**
 * A training step whose gradients come from worker replicas (data-parallel.ts) while the
 * variables, our Adam (same saved m, v, t) and the running batch-norm statistics stay on this
 * thread. A GAN step is two rounds: the critic's gradients, its update, then the generator's
 * gradients against the updated critic. Latents and augmentation are drawn here for the whole
 * batch (stepDraws) and sliced, so each sample's randomness does not depend on the split, and
 * shards are summed in worker order, so the same inputs give the same weights at every run.
 */
export class ParallelStep {
  private constructor(
    private readonly pool: DataParallelPool,
    private readonly layout: ParamLayout,
  ) {}

  static async create(m: TrainingModels, workers: number): Promise<ParallelStep> {
    const layout = paramLayout(m);
    const config: ReplicaConfig = { setup: m.setup };
    const pool = await DataParallelPool.create({ workers, ...replicaWorkerEntry(), config });
    if (pool.params.length !== layout.paramCount) {
      await pool.dispose();
      throw new Error(
        `The training workers built ${pool.params.length} parameters but this model has ${layout.paramCount}.`,
      );
    }
    return new ParallelStep(pool, layout);
  }

  get workers(): number {
    return this.pool.size;
  }

  async step(
    tf: Tf,
    m: TrainingModels,
    real: Float32Array,
    step: number,
    augment: boolean,
  ): Promise<Record<string, number>> {
    const { size, channels } = m.shape;
    const n = real.length / (size * size * channels);
    const draws = stepDraws(m, n, step, augment);
    const { pool, layout } = this;
    if (m.setup.config.family !== 'gan') {
      writeParams(layout, m, pool.params, ['g', 'e']);
      const shards = await pool.run([real, draws.eps], n, 'vae');
      this.update(tf, m, shards, 'vae', ['g', 'e']);
      applyMovingStats(tf, m.gen, combineMoments(tf, layout, shards));
      const [loss, recon, kl] = totals(shards, 3);
      return { loss: loss!, recon: recon!, kl: kl! };
    }
    writeParams(layout, m, pool.params, ['g', 'd']);
    const critic = await pool.run([real, draws.zD, draws.augReal, draws.augFake], n, 'd');
    this.update(tf, m, critic, 'd', ['d']);
    writeParams(layout, m, pool.params, ['d']);
    const generator = await pool.run([draws.zG, draws.augG], n, 'g');
    this.update(tf, m, generator, 'g', ['g']);
    applyMovingStats(tf, m.gen, combineMoments(tf, layout, generator));
    return { d: totals(critic, 1)[0]!, g: totals(generator, 1)[0]! };
  }

  private update(
    tf: Tf,
    m: TrainingModels,
    shards: ShardOutput[],
    role: string,
    stems: string[],
  ): void {
    const summed = sumSlots(shards, 0, this.layout.paramCount);
    const grads = Object.assign(
      {},
      ...stems.map((s) => gradTensors(tf, this.layout, summed, s)),
    ) as Record<string, ReturnType<typeof tf.tensor>>;
    try {
      m.optimizers[role]?.apply(grads);
    } finally {
      tf.dispose(Object.values(grads));
    }
  }

  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}

/** The batch's scalars: the shards' weighted values summed in worker order. */
function totals(shards: ShardOutput[], count: number): number[] {
  return Array.from({ length: count }, (_, i) =>
    shards.reduce((sum, s) => sum + (s.values[i] ?? Number.NaN), 0),
  );
}
