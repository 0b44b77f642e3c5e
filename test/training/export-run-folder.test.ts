import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/contract/dispatch';
import { train } from '../../main/engine/training/trainer';
import { openTempStudio } from '../support/temp-studio';
import { solidSource, tempDir, tinyConfig } from './fixtures';

// `export-onnx RUN_DIR` (models.exportOnnx): a finished run's folder is accepted (its model/),
// an unfinished one names the folder to give instead, and no file is replaced unasked, a VAE's
// encoder included.
let temp: Awaited<ReturnType<typeof openTempStudio>>;
let work: string;
const runs: Record<'gan' | 'vae', string> = { gan: '', vae: '' };

beforeAll(async () => {
  temp = await openTempStudio('cli');
  work = await tempDir('export-run');
  for (const family of ['gan', 'vae'] as const) {
    runs[family] = join(work, `my-${family}-run`);
    await train({
      loader: solidSource([[90, 160, 30]]),
      config: tinyConfig({ family, steps: 2, batch: 4, checkpointEvery: 10 }),
      outDir: runs[family],
      width: 4,
      runtime: 'ort',
    });
  }
}, 300_000);
afterAll(() => temp.close());

const exportOnnx = (payload: object) =>
  dispatch(temp.studio.handlers, 'models.exportOnnx', payload);

describe('exporting a run folder', () => {
  it('a finished run folder exports its model/, named after the run', async () => {
    const out = join(work, 'exports');
    await mkdir(out);
    const res = await exportOnnx({ modelDir: runs.gan, out });
    expect(res).toMatchObject({
      ok: true,
      value: { file: join(out, 'my-gan-run.onnx'), latentDim: 8, encoderFile: null },
    });
  });

  it('an unfinished run names its newest checkpoint; another folder says what to give', async () => {
    const unfinished = join(work, 'unfinished');
    await mkdir(join(unfinished, 'checkpoints', 'step-0000010'), { recursive: true });
    await mkdir(join(unfinished, 'checkpoints', 'step-0000020'));
    const res = await exportOnnx({ modelDir: unfinished, out: join(work, 'x.onnx') });
    expect(!res.ok && res.error.message).toBe(
      `${unfinished} is a training run that has not finished (it has no model/ folder yet): give its newest checkpoint, ${join(unfinished, 'checkpoints', 'step-0000020')}, or finish the run with --resume.`,
    );
    const other = await exportOnnx({ modelDir: join(work, 'exports'), out: join(work, 'y.onnx') });
    expect(!other.ok && other.error.message).toMatch(
      /is not a trained model: give a finished run's folder or its model\/ folder \(the one holding nets\.json\)/,
    );
  });

  it("a VAE's encoder beside the export is not replaced unasked", async () => {
    const file = join(work, 'vae.onnx');
    const encoder = join(work, 'vae.encoder.onnx');
    await writeFile(encoder, 'my own encoder');
    const refused = await exportOnnx({ modelDir: runs.vae, out: file });
    expect(!refused.ok && refused.error.message).toBe(
      `${encoder} already exists; nothing was written. Choose another name, or ask to replace it.`,
    );
    expect(await readFile(encoder, 'utf8')).toBe('my own encoder');
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
    const replaced = await exportOnnx({ modelDir: runs.vae, out: file, overwrite: true });
    expect(replaced).toMatchObject({ ok: true, value: { file, encoderFile: encoder } });
    expect((await readFile(encoder)).length).toBeGreaterThan(100);
  });
});
