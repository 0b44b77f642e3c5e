import { describe, expect, it } from 'vitest';
import { StudioError } from '../../contract/channels';
import { prepareTrainConfig } from './prepare-train-config';

const files = Array.from({ length: 40 }, (_, i) => ({
  file: `img-${i}.png`,
  width: 48,
  height: 48,
  format: 'png',
  channels: 3,
  hasAlpha: false,
  grayscale: false,
}));
const scan = { folder: '/data/shoes', usable: 40, files, rejected: [] };

describe('prepareTrainConfig (the one config builder of the app and the CLI)', () => {
  it('takes the folder defaults, then the chosen settings; undefined means "not chosen"', () => {
    const { config, reasons } = prepareTrainConfig({
      scan,
      backend: 'wasm',
      settings: { family: 'vae', steps: 300, batch: undefined, seed: 7 },
    });
    expect(config).toMatchObject({ family: 'vae', steps: 300, seed: 7, size: 32, batch: 8 });
    expect(config.latentDim).toBe(64); // the VAE default, not the GAN one
    expect(config.extractor).toBeUndefined();
    expect(reasons.some((r) => r.includes('32 px'))).toBe(true);
  });

  it("gives the caller's default extractor only when the settings name none", () => {
    const d = prepareTrainConfig({ scan, backend: 'wasm', defaultExtractor: 'inception' });
    expect(d.config.extractor).toBe('inception');
    const chosen = prepareTrainConfig({
      scan,
      backend: 'wasm',
      defaultExtractor: 'inception',
      settings: { extractor: '/x/mine.onnx' },
    });
    expect(chosen.config.extractor).toBe('/x/mine.onnx');
  });

  it('refuses wrong settings naming every wrong field', () => {
    const run = () =>
      prepareTrainConfig({ scan, backend: 'wasm', settings: { steps: 0, batch: 2.5 } });
    expect(run).toThrow(StudioError);
    expect(run).toThrow(/^Invalid training settings: steps: .*; batch: .*/);
  });

  it('refuses a folder without usable images, naming it', () => {
    expect(() =>
      prepareTrainConfig({
        scan: {
          folder: '/data/empty',
          usable: 0,
          files: [],
          rejected: [{ file: 'a', reason: 'x' }],
        },
        backend: 'wasm',
      }),
    ).toThrow('"/data/empty" has no usable images (1 rejected).');
  });
});
