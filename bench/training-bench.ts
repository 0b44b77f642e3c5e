import { join } from 'node:path';
import { trainRuntimesBench } from './train-runtimes';

/**
 * The training figures of `npm run bench` on their own: `npx tsx bench/training-bench.ts`
 * (BENCH_SECONDS for the PyTorch loops, default 20). Writes JSON to stdout.
 */
const result = await trainRuntimesBench(
  join(import.meta.dirname, '..'),
  Number(process.env.BENCH_SECONDS ?? 20),
);
console.log(JSON.stringify(result, null, 2));
process.exit(0);
