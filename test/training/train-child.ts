// Child process for the kill -9 test: trains with the settings in TRAIN_CHILD (JSON) and prints
// one line per checkpoint so the parent can follow along.
import { train } from '../../main/engine/training/trainer';
import { solidSource, tinyConfig } from './fixtures';

const { outDir, overrides } = JSON.parse(process.env.TRAIN_CHILD ?? '{}') as {
  outDir: string;
  overrides: object;
};
await train({
  loader: solidSource([
    [200, 40, 40],
    [30, 30, 220],
  ]),
  config: tinyConfig(overrides),
  outDir,
  width: 4,
  onCheckpoint: (c) => process.stdout.write(`checkpoint ${c.step}\n`),
});
process.stdout.write('done\n');
