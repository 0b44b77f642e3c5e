import { describe, expect, it } from 'vitest';
import type { PngMetadata } from '../../contract/channels';
import { float32ToBase64 } from '../latent/base64';
import { sampleNormalLatent } from '../latent/prng';
import { encodePng, readPngTextChunks } from './png';
import { METADATA_KEY, metadataText, readPngMetadata } from './png-metadata';

const image = { width: 2, height: 2, rgba: new Uint8Array(16).fill(200) };
const meta: PngMetadata = {
  app: 'Latent Studio',
  appVersion: '0.1.0',
  modelName: 'Faces — 64 px',
  modelSha256: 'ab'.repeat(32),
  seed: 42,
  truncation: 0.7,
  latentDim: 128,
  z: float32ToBase64(sampleNormalLatent(42, 128)),
};

describe('PNG metadata', () => {
  it('round-trips through a real PNG, with human-readable Software and Description', () => {
    const png = encodePng(image, metadataText(meta));
    expect(readPngMetadata(png, 'a.png')).toEqual(meta);
    const text = readPngTextChunks(png);
    expect(text.Software).toBe('Latent Studio 0.1.0');
    expect(text.Description).toContain('"Faces — 64 px" from seed 42, truncation 0.7');
  });

  it('describes a latent without a seed as explicit', () => {
    expect(metadataText({ ...meta, seed: null, truncation: null }).Description).toContain(
      'from an explicit latent',
    );
  });

  it('is null for a PNG that has no Latent Studio chunk', () => {
    expect(readPngMetadata(encodePng(image, { Title: 'holiday' }))).toBeNull();
  });

  it('malformed metadata is a BAD_FILE error in words, naming the file', () => {
    const cases: [string, RegExp][] = [
      ['{not json', /"b.png" has Latent Studio metadata that cannot be used: it is not valid JSON/],
      [JSON.stringify({ ...meta, seed: 'x' }), /seed/],
      [
        JSON.stringify({ ...meta, latentDim: 64 }),
        /latent has 128 values but says latentDim is 64/,
      ],
      [JSON.stringify({ ...meta, z: '@@@@' }), /not valid base64/],
    ];
    for (const [raw, message] of cases) {
      const png = encodePng(image, { [METADATA_KEY]: raw });
      expect(() => readPngMetadata(png, 'b.png')).toThrow(
        expect.objectContaining({
          code: 'BAD_FILE',
          message: expect.stringMatching(message) as unknown,
        }),
      );
    }
  });
});
