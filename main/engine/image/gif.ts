import * as gifencModule from 'gifenc';
import { StudioError } from '../../contract/channels';
import type { RgbaImage } from './png';

type GifLib = Pick<typeof gifencModule, 'GIFEncoder' | 'quantize' | 'applyPalette'>;

/**
 * gifenc is CommonJS built by esbuild: Node's ESM loader sees only a default export (the whole
 * exports object), while bundlers expose the named exports. Accept either shape.
 */
const gifenc: GifLib = (() => {
  const ns = gifencModule as unknown as Partial<GifLib> & { default?: Partial<GifLib> };
  if (typeof ns.quantize === 'function') return ns as GifLib;
  if (typeof ns.default?.quantize === 'function') return ns.default as GifLib;
  throw new Error('gifenc did not load as expected (no quantize export).');
})();

/** Pixels fed to the quantiser at most; a stride subsample of all frames keeps it fast. */
const PALETTE_SAMPLE_PIXELS = 1 << 18;

/**
 * Animated GIF with ONE global 256-colour palette, quantised (gifenc's PnnQuant, rgb565) from an
 * evenly strided subsample of the pixels of every frame. A global palette rather than one per
 * frame: interpolation strips change slowly, and per-frame palettes make flat areas shimmer as
 * colours snap to slightly different entries frame to frame. It also keeps the file smaller.
 *
 * GIF delays are whole centiseconds: fps maps to round(100 / fps) cs, at least 2 (browsers slow
 * anything shorter to 10 cs), so 60 fps plays at 50. loop → NETSCAPE2.0 repeat forever; otherwise
 * the animation plays once.
 */
export function encodeGif(frames: RgbaImage[], opts: { fps: number; loop: boolean }): Uint8Array {
  const first = frames[0];
  if (first === undefined)
    throw new StudioError('BAD_REQUEST', 'An animation needs at least one frame.');
  const { width, height } = first;
  if (
    frames.some(
      (f) => f.width !== width || f.height !== height || f.rgba.length !== width * height * 4,
    )
  ) {
    throw new StudioError('INTERNAL', 'Every frame of an animation must have the same size.');
  }
  if (width > 0xffff || height > 0xffff)
    throw new StudioError('BAD_REQUEST', 'GIF images are limited to 65535 pixels a side.');
  if (!(opts.fps > 0) || !Number.isFinite(opts.fps)) {
    throw new StudioError('BAD_REQUEST', `Frames per second must be above 0, not ${opts.fps}.`);
  }
  const palette = gifenc.quantize(paletteSample(frames), 256, { format: 'rgb565' });
  const delayMs = Math.max(2, Math.round(100 / opts.fps)) * 10;
  const encoder = gifenc.GIFEncoder();
  frames.forEach((frame, i) => {
    const index = gifenc.applyPalette(frame.rgba, palette, 'rgb565');
    // The palette on the first frame becomes the global colour table; later frames reuse it.
    encoder.writeFrame(
      index,
      width,
      height,
      i === 0 ? { palette, delay: delayMs, repeat: opts.loop ? 0 : -1 } : { delay: delayMs },
    );
  });
  encoder.finish();
  return encoder.bytes();
}

function paletteSample(frames: RgbaImage[]): Uint8Array {
  const total = frames.reduce((n, f) => n + f.rgba.length / 4, 0);
  const stride = Math.max(1, Math.ceil(total / PALETTE_SAMPLE_PIXELS));
  const sample = new Uint8Array(Math.ceil(total / stride) * 4);
  let out = 0;
  let global = 0;
  for (const { rgba } of frames) {
    // Continue the stride across frame boundaries so every frame contributes evenly.
    const pixels = rgba.length / 4;
    let p = (stride - (global % stride)) % stride;
    for (; p < pixels; p += stride, out += 4) sample.set(rgba.subarray(p * 4, p * 4 + 4), out);
    global += pixels;
  }
  return sample.subarray(0, out);
}
