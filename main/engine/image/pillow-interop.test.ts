import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeApng } from './apng';
import { encodeGif } from './gif';
import { encodePng, type RgbaImage } from './png';

/**
 * Our encoders checked by an independent decoder: Pillow, through the system Python. Skipped
 * (not failed) on machines without it; the structural tests beside this file still run there.
 */
const PYTHON = '/usr/bin/python3';
const hasPillow = spawnSync(PYTHON, ['-c', 'import PIL'], { stdio: 'ignore' }).status === 0;

function pillow(script: string, file: string): unknown {
  const run = spawnSync(
    PYTHON,
    [
      '-c',
      `import json, sys\nfrom PIL import Image\nim = Image.open(sys.argv[1])\n${script}`,
      file,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

function frame(shift: number): RgbaImage {
  const width = 9;
  const height = 5;
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++)
    rgba.set([(p * 13 + shift * 50) & 0xff, (p * 29) & 0xff, shift * 70, 255], p * 4);
  return { width, height, rgba };
}

describe.skipIf(!hasPillow)('Pillow reads what we write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-pillow-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Uint8Array): string => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const frames = [frame(0), frame(1), frame(2)];

  it('a PNG: same pixels and the same UTF-8 text', () => {
    const file = write(
      'a.png',
      encodePng(frames[1] as RgbaImage, { Title: 'Zoë 画像', Long: 'y'.repeat(3000) }),
    );
    const seen = pillow(
      'print(json.dumps({"px": list(im.convert("RGBA").tobytes()), "text": im.text}))',
      file,
    );
    expect(seen).toEqual({
      px: Array.from(frames[1]?.rgba ?? []),
      text: { Title: 'Zoë 画像', Long: 'y'.repeat(3000) },
    });
  });

  it('an APNG: animated, every frame with the right pixels, looping, delay 1/fps', () => {
    const file = write('a.png', encodeApng(frames, { fps: 20, loop: true }));
    const seen = pillow(
      'out = {"n": im.n_frames, "loop": im.info.get("loop"), "frames": []}\n' +
        'for i in range(im.n_frames):\n  im.seek(i); out["frames"].append(list(im.convert("RGBA").tobytes())); out["duration"] = im.info.get("duration")\n' +
        'print(json.dumps(out))',
      file,
    );
    expect(seen).toEqual({
      n: 3,
      loop: 0,
      duration: 50,
      frames: frames.map((f) => Array.from(f.rgba)),
    });
  });

  it('a GIF: every frame, looping, the frame delay', () => {
    const file = write('a.gif', encodeGif(frames, { fps: 10, loop: true }));
    const seen = pillow(
      'print(json.dumps({"n": im.n_frames, "loop": im.info.get("loop"), "duration": im.info.get("duration"), "size": im.size}))',
      file,
    );
    expect(seen).toEqual({ n: 3, loop: 0, duration: 100, size: [9, 5] });
  });
});
