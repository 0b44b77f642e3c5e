import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeImageFolder } from './image-folder';
import { trainThroughput } from './train-throughput';

/**
 * The training figure of `npm run bench` on its own: `npx tsx bench/training-bench.ts`
 * (BENCH_SECONDS per side, default 20). App train() (data-parallel workers on wasm) against a
 * bare single-thread tfjs loop on the same model and backend, with cores and load average.
 */
const dir = await mkdtemp(join(tmpdir(), 'latent-train-bench-images-'));
try {
  await makeImageFolder(join(dir, 'images'), 300, 256, 192);
  const result = await trainThroughput(
    join(dir, 'images'),
    Number(process.env.BENCH_SECONDS ?? 20),
  );
  console.log(JSON.stringify(result, null, 2));
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
