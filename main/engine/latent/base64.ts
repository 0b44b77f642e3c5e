import { StudioError } from '../../contract/channels';

/**
 * Latents travel and are stored (PNG metadata, favourites, LatentSpec kind 'z') as base64 of their
 * float32 components in little-endian order, whatever the host's byte order, so files are portable.
 */
export function float32ToBase64(z: Float32Array): string {
  const bytes = Buffer.alloc(z.length * 4);
  for (let i = 0; i < z.length; i++) bytes.writeFloatLE(z[i] ?? 0, i * 4);
  return bytes.toString('base64');
}

export function base64ToFloat32(s: string): Float32Array {
  // Buffer.from silently skips characters that are not base64, so check the alphabet first.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) {
    throw new StudioError('BAD_REQUEST', 'The latent is not valid base64 text.');
  }
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length % 4 !== 0) {
    throw new StudioError(
      'BAD_REQUEST',
      `The latent holds ${bytes.length} bytes, which is not a whole number of 4-byte float32 values.`,
    );
  }
  const z = new Float32Array(bytes.length / 4);
  for (let i = 0; i < z.length; i++) {
    z[i] = bytes.readFloatLE(i * 4);
    // A latent is a point in space: NaN or ±Infinity would render garbage and be saved again.
    if (!Number.isFinite(z[i]))
      throw new StudioError(
        'BAD_REQUEST',
        `The latent holds ${String(z[i])} at value ${i + 1} of ${z.length}; only finite numbers are latents.`,
      );
  }
  return z;
}
