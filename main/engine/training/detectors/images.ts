import type { RgbaImage } from '../../image/png';

/** Training-cache bytes (size × size × channels, 0..255) of `count` images → RGBA images. */
export function cacheBytesToRgba(
  bytes: Uint8Array,
  count: number,
  size: number,
  channels: 1 | 3,
): RgbaImage[] {
  const pixels = size * size;
  return Array.from({ length: count }, (_, n) => {
    const rgba = new Uint8Array(pixels * 4);
    const base = n * pixels * channels;
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < 3; c++)
        rgba[p * 4 + c] = bytes[base + p * channels + (channels === 1 ? 0 : c)]!;
      rgba[p * 4 + 3] = 255;
    }
    return { width: size, height: size, rgba };
  });
}

/** Cuts a grid image (side × side tiles of tile × tile pixels) into its tiles, row by row. */
export function gridTiles(grid: RgbaImage, side: number): RgbaImage[] {
  const tile = grid.width / side;
  if (!Number.isInteger(tile) || grid.height !== grid.width)
    throw new Error(`A ${grid.width}×${grid.height} preview is not a ${side}×${side} grid.`);
  return Array.from({ length: side * side }, (_, i) => {
    const ox = (i % side) * tile;
    const oy = Math.floor(i / side) * tile;
    const rgba = new Uint8Array(tile * tile * 4);
    for (let y = 0; y < tile; y++) {
      const from = ((oy + y) * grid.width + ox) * 4;
      rgba.set(grid.rgba.subarray(from, from + tile * 4), y * tile * 4);
    }
    return { width: tile, height: tile, rgba };
  });
}

/** Nearest-neighbour downscale to at most `max` pixels a side (thumbnails for the dashboard). */
export function thumbnail(image: RgbaImage, max: number): RgbaImage {
  if (image.width <= max && image.height <= max) return image;
  const scale = Math.max(image.width, image.height) / max;
  const width = Math.max(1, Math.round(image.width / scale));
  const height = Math.max(1, Math.round(image.height / scale));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(x * scale));
      const sy = Math.min(image.height - 1, Math.floor(y * scale));
      rgba.set(
        image.rgba.subarray((sy * image.width + sx) * 4, (sy * image.width + sx) * 4 + 4),
        (y * width + x) * 4,
      );
    }
  return { width, height, rgba };
}
