import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { StudioError } from '../../../contract/channels';

const requireFromHere = createRequire(import.meta.url);

/**
 * The ffmpeg executable that `@ffmpeg-installer/ffmpeg` installed for this platform (a static
 * build with libx264 and libvpx-vp9). LATENT_STUDIO_FFMPEG overrides it (another build, or tests
 * of the "no encoder" path). In a packaged app the binary sits in app.asar.unpacked (see
 * electron-builder.yml): a file inside the asar archive cannot be executed.
 */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string {
  let path = env.LATENT_STUDIO_FFMPEG;
  if (!path) {
    try {
      path = (requireFromHere('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    } catch (err) {
      throw noEncoder(
        `the ffmpeg package has no binary for this system (${String(err).slice(0, 200)})`,
      );
    }
    path = path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw noEncoder(`ffmpeg was not found or cannot run at ${path}`);
  }
  return path;
}

/** The "no encoder" error, in words, with what still works. */
export function noEncoder(reason: string): StudioError {
  return new StudioError(
    'NOT_FOUND',
    `No video encoder: ${reason}. MP4 and WebM need ffmpeg (installed with the app by @ffmpeg-installer/ffmpeg); GIF, APNG and PNG frames still work.`,
  );
}
