import type { RgbaImage } from '../../image/png';

/**
 * Deterministic test images (smooth colour gradients + hashed noise, alpha 255), so a test and the
 * fixture script that made its expected values (in another runtime) see the same pixels without
 * committing large PNGs.
 */
export function syntheticImage(seed: number, width: number, height: number): RgbaImage {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const wave = 127.5 + 127.5 * Math.sin((x * (c + 1) + y * (seed + 2)) / (17 + 5 * c) + seed);
        const noise = Math.imul((p + c) ^ (seed * 0x9e3779b1), 0x85ebca6b) >>> 24;
        rgba[p + c] = Math.round(0.7 * wave + 0.3 * noise);
      }
      rgba[p + 3] = 255;
    }
  }
  return { width, height, rgba };
}
