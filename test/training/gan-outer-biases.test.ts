import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetLayer, NetSpec } from '../../main/engine/nets/net-spec';
import { createFamily } from '../../main/engine/training/families/family';
import { train } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';

/** Which convolutions of a network carry a bias, in order. */
const convBiases = (spec: NetSpec): boolean[] =>
  spec.layers
    .filter(
      (l): l is Extract<NetLayer, { kind: 'conv' | 'convTranspose' }> =>
        l.kind === 'conv' || l.kind === 'convTranspose',
    )
    .map((l) => l.bias ?? false);

describe('the DCGAN biases on its three outer convolutions', () => {
  it('a new run has them (G last, D first and last) and records that in its setup', async () => {
    const out = await tempDir('outer-biases');
    await train({
      loader: solidSource([[200, 40, 40]]),
      config: tinyConfig({ steps: 2, checkpointEvery: 2 }),
      outDir: out,
      width: 4,
    });
    const saved = JSON.parse(await readFile(join(out, 'model', 'config.json'), 'utf8')) as {
      ganOuterBiases?: boolean;
    };
    expect(saved.ganOuterBiases).toBe(true);
    const nets = createFamily({
      config: tinyConfig(),
      width: 4,
      reconstruction: 'bce',
      ganOuterBiases: true,
    }).nets;
    // 32 px: G = 4 transposed convs, D = 4 convs; only the outer ones have a bias.
    expect(convBiases(nets.g!)).toEqual([false, false, false, true]);
    expect(convBiases(nets.d!)).toEqual([true, false, false, true]);
  });

  it('a setup from before them (no flag) builds the networks it was trained with', () => {
    const nets = createFamily({ config: tinyConfig(), width: 4, reconstruction: 'bce' }).nets;
    expect(convBiases(nets.g!)).toEqual([false, false, false, false]);
    expect(convBiases(nets.d!)).toEqual([false, false, false, false]);
  });
});
