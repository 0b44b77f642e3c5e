import type { ModelInfo, Sampling } from '../../contract/channels';
import { encodePng } from '../image/png';
import { float32ToBase64 } from '../latent/base64';
import type { RgbaImage } from '../image/png';

export interface SpriteSheet {
  png: Uint8Array;
  atlas: SpriteAtlas;
}

/** The JSON beside the sheet: where each frame is, and the exact latent it was made from. */
export interface SpriteAtlas {
  app: 'latent-studio';
  image: string;
  model: { name: string; sha256: string };
  frameWidth: number;
  frameHeight: number;
  columns: number;
  rows: number;
  frames: { index: number; x: number; y: number; width: number; height: number; z: string }[];
  /** Diffusion models: each z is x_T; with this sampling it renders the frame again. */
  sampling?: Sampling;
}

/** Lays frames out left to right, top to bottom, `columns` wide (default: as square as possible). */
export function buildSpriteSheet(
  frames: RgbaImage[],
  latents: Float32Array[],
  model: ModelInfo,
  imageName: string,
  columns?: number,
  sampling?: Sampling,
): SpriteSheet {
  const cols = Math.min(frames.length, columns ?? Math.ceil(Math.sqrt(frames.length)));
  const rows = Math.ceil(frames.length / cols);
  const { width: fw, height: fh } = frames[0]!;
  const width = cols * fw;
  const sheet = new Uint8Array(width * rows * fh * 4); // unused cells stay transparent
  const atlasFrames: SpriteAtlas['frames'] = [];
  frames.forEach((frame, i) => {
    const x = (i % cols) * fw;
    const y = Math.floor(i / cols) * fh;
    for (let row = 0; row < fh; row++) {
      sheet.set(frame.rgba.subarray(row * fw * 4, (row + 1) * fw * 4), ((y + row) * width + x) * 4);
    }
    atlasFrames.push({ index: i, x, y, width: fw, height: fh, z: float32ToBase64(latents[i]!) });
  });
  return {
    png: encodePng({ width, height: rows * fh, rgba: sheet }),
    atlas: {
      app: 'latent-studio',
      image: imageName,
      model: { name: model.name, sha256: model.sha256 },
      frameWidth: fw,
      frameHeight: fh,
      columns: cols,
      rows,
      frames: atlasFrames,
      ...(sampling && { sampling }),
    },
  };
}
