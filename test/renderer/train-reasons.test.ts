import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../main/contract/training-schemas';
import { defaultTrainConfig } from '../../main/engine/training/defaults';
import { reasonsByField } from '../../renderer/src/features/train/reasons';

/** A scan of n usable 40 px RGB images (the fields defaults read). */
function scan(n: number): Pick<ScanReport, 'usable' | 'files'> {
  const files = Array.from({ length: n }, (_, i) => ({
    file: `/d/${i}.png`,
    width: 40,
    height: 40,
    format: 'png',
    channels: 3,
    hasAlpha: false,
    grayscale: false,
  }));
  return { usable: n, files };
}

describe('the Train form places each reason of train.defaults beside its field', () => {
  it('diffusion: U-Net width, prediction/schedule, batch and steps each get their row', () => {
    const { config, reasons } = defaultTrainConfig({
      scan: scan(300),
      family: 'diffusion',
      backend: 'onnxruntime',
    });
    expect(config).toMatchObject({ family: 'diffusion', width: 32, prediction: 'epsilon' });
    const { byField, general } = reasonsByField(reasons);
    expect(byField.width?.join(' ')).toMatch(/U-Net base width 32/);
    expect(byField.diffusion?.join(' ')).toMatch(/predicts the noise \(epsilon\).*cosine/);
    expect(byField.batch?.join(' ')).toMatch(/^Batch \d+/);
    expect(byField.steps?.join(' ')).toMatch(/passes over 300 images/);
    expect(byField.cadence).toBeUndefined();
    expect(general).toEqual([]);
  });

  it('GAN: the network width reason sits beside the width field, not the family', () => {
    const { reasons } = defaultTrainConfig({
      scan: scan(3000),
      family: 'gan',
      backend: 'onnxruntime',
    });
    const { byField } = reasonsByField(reasons);
    expect(byField.width?.join(' ')).toMatch(/Network width 64/);
    expect(byField.family?.join(' ') ?? '').not.toMatch(/width/);
  });
});
