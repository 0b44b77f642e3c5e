import { describe, expect, it } from 'vitest';
import { detectImage, detectLatent, normaliseShape } from './detect';
import { NotAGenerator } from './errors';

const N = null;

describe('detectLatent', () => {
  it('reads [N,d], [N,d,1,1] and [N,1,1,d], dynamic or fixed batch', () => {
    expect(detectLatent([{ name: 'z', shape: [N, 128] }])).toEqual({
      latentShape: [-1, 128],
      latentDim: 128,
      batch: 'dynamic',
    });
    expect(detectLatent([{ name: 'z', shape: [N, 100, 1, 1] }])).toEqual({
      latentShape: [-1, 100, 1, 1],
      latentDim: 100,
      batch: 'dynamic',
    });
    expect(detectLatent([{ name: 'z', shape: [4, 1, 1, 50] }])).toEqual({
      latentShape: [4, 1, 1, 50],
      latentDim: 50,
      batch: 4,
    });
  });

  it('folds symbolic and negative sizes to unknown', () => {
    expect(normaliseShape(['batch', 3, -1, 0, 7])).toEqual([N, 3, N, N, 7]);
  });

  it('needs a manifest latentDim when the latent size is symbolic', () => {
    expect(() => detectLatent([{ name: 'z', shape: [N, N] }])).toThrow(
      'give latentDim in a manifest',
    );
    expect(detectLatent([{ name: 'z', shape: [N, N] }], { latentDim: 10 }).latentShape).toEqual([
      -1, 10,
    ]);
  });

  it('refuses image inputs, several inputs and odd ranks in words', () => {
    expect(() => detectLatent([{ name: 'x', shape: [N, 3, 64, 48] }])).toThrow(
      new NotAGenerator('it takes an image input [N,3,64,48]'),
    );
    expect(() =>
      detectLatent([
        { name: 'a', shape: [N, 8] },
        { name: 'b', shape: [N, 2] },
      ]),
    ).toThrow(/it takes 2 inputs \(a \[N,8\], b \[N,2\]\)/);
    expect(() => detectLatent([{ name: 'seq', shape: [N, 8, 16] }])).toThrow(
      'its input [N,8,16] is not a latent vector',
    );
    expect(() => detectLatent([])).toThrow('it has no inputs');
  });
});

describe('detectImage', () => {
  it('tells NCHW from NHWC by the channel position, including non-square sizes', () => {
    expect(detectImage([N, 3, 24, 40])).toEqual({
      layout: 'NCHW',
      channels: 3,
      width: 40,
      height: 24,
    });
    expect(detectImage([N, 24, 40, 3])).toEqual({
      layout: 'NHWC',
      channels: 3,
      width: 40,
      height: 24,
    });
    expect(detectImage([N, 1, 28, 28])).toMatchObject({ layout: 'NCHW', channels: 1 });
    expect(detectImage([N, 28, 28])).toEqual({
      layout: 'NHWC',
      channels: 1,
      width: 28,
      height: 28,
    });
  });

  it('factors flat outputs as side*side*channels', () => {
    expect(detectImage([N, 3072])).toEqual({ layout: 'flat', channels: 3, width: 32, height: 32 });
    expect(detectImage([N, 784])).toEqual({ layout: 'flat', channels: 1, width: 28, height: 28 });
    expect(detectImage([N, 4096 * 3])).toMatchObject({ channels: 3, width: 64, height: 64 });
  });

  it('refuses outputs that are not 1- or 3-channel images', () => {
    expect(() => detectImage([N, 10])).toThrow(
      'its output [N,10] is not an image (10 values do not form a square picture with 1 or 3 channels)',
    );
    expect(() => detectImage([N, 4, 32, 32])).toThrow(
      'its output [N,4,32,32] is not an image: neither axis 1 nor the last axis has 1 or 3 channels',
    );
    expect(() => detectImage([N, 3, 2, 2])).toThrow('too small');
    expect(() => detectImage([N, 2, 3, 4, 5])).toThrow('its output [N,2,3,4,5] is not an image');
  });

  it('follows a manifest layout, and refuses one the shape contradicts', () => {
    expect(
      detectImage([N, 1, 28, 28], { layout: 'NHWC', channels: 1, height: 28, width: 28 }),
    ).toEqual({ layout: 'NHWC', channels: 1, width: 28, height: 28 });
    expect(() => detectImage([N, 32, 32, 3], { layout: 'NCHW' })).toThrow(
      'its output [N,32,32,3] has 32 channels; images need 1 or 3',
    );
  });
});
