import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../main/contract/channels';
import { dispatch, type DispatchResult } from '../../main/contract/dispatch';
import { modelFiles } from '../../main/engine/library/hash-model';
import { pickDefaultModel } from '../../main/engine/library/model-library';
import { createStudio, type Studio } from '../../main/engine/studio';
import { runCli } from '../support/run-cli';
import { FIXTURE_MODELS, fixtureModel, REPO_ROOT } from '../support/temp-studio';

const assetsDir = join(REPO_ROOT, 'assets');
const EXTERNAL = join(FIXTURE_MODELS, 'external-data', 'gray-external.onnx');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'latent-library-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function studioIn(dataDir: string): Promise<Studio> {
  return createStudio({ dataDir, assetsDir, shell: 'browser' });
}
async function ok<T>(studio: Studio, channel: string, payload: unknown): Promise<T> {
  const res: DispatchResult = await dispatch(studio.handlers, channel, payload);
  if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}
const imported = async (studio: Studio) =>
  (await ok<{ models: ModelInfo[] }>(studio, 'models.list', {})).models.filter(
    (m) => m.source === 'imported',
  );
const frameOf = async (studio: Studio, modelId: string) =>
  (
    await ok<{ frame: { rgba: Uint8Array } }>(studio, 'render.frame', {
      modelId,
      latent: { kind: 'seed', seed: 7 },
    })
  ).frame.rgba;

describe('the model library keeps every import', () => {
  it(
    'six concurrent imports in one server, then a restart: all six listed, no orphans',
    { timeout: 240_000 },
    async () => {
      const dataDir = join(work, 'six');
      const files = [
        'dcgan.onnx',
        'flat-nhwc-sigmoid.onnx',
        'gray.onnx',
        'fixed-batch.onnx',
        'flat784.onnx',
        'wide-nchw.onnx',
      ];
      const first = await studioIn(dataDir);
      const models = await Promise.all(
        files.map((f) =>
          ok<{ model: ModelInfo }>(first, 'models.import', { path: fixtureModel(f) }),
        ),
      );
      await first.dispose();
      const ids = models.map((m) => m.model.id).sort();
      const index = JSON.parse(await readFile(join(dataDir, 'models', 'index.json'), 'utf8')) as {
        id: string;
      }[];
      expect(index.map((e) => e.id).sort()).toEqual(ids);
      expect((await readdir(join(dataDir, 'models'))).sort()).toEqual(
        [...ids, 'index.json'].sort(),
      );

      const restarted = await studioIn(dataDir);
      try {
        expect((await imported(restarted)).map((m) => m.id).sort()).toEqual(ids);
        for (const id of ids) expect((await frameOf(restarted, id)).length).toBeGreaterThan(0);
      } finally {
        await restarted.dispose();
      }
    },
  );

  it(
    'imports from several processes at once (CLI beside the app) all land in the index',
    { timeout: 240_000 },
    async () => {
      const dataDir = join(work, 'processes');
      const app = await studioIn(dataDir);
      const inApp = ok<{ model: ModelInfo }>(app, 'models.import', {
        path: fixtureModel('gray.onnx'),
      });
      const cli = ['dcgan.onnx', 'flat784.onnx', 'range255.onnx'].map((f) =>
        runCli(['import', fixtureModel(f), '--json'], dataDir),
      );
      const results = await Promise.all(cli);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      await inApp;
      expect(await imported(app)).toHaveLength(4);
      await app.dispose();
    },
  );
});

describe('a missing model file', () => {
  it('is listed with the problem in words, refused in words, and repaired by importing it again', async () => {
    const dataDir = join(work, 'missing');
    const studio = await studioIn(dataDir);
    try {
      const { model } = await ok<{ model: ModelInfo }>(studio, 'models.import', {
        path: fixtureModel('gray.onnx'),
      });
      const before = await frameOf(studio, model.id);
      await unlink(model.path);
      const [listed] = await imported(studio);
      expect(listed).toMatchObject({ id: model.id, props: model.props });
      expect(listed!.problem).toBe(
        `Its file ${model.path} is missing (deleted or moved). Import the model again to repair it.`,
      );
      const refused = await dispatch(studio.handlers, 'render.frame', {
        modelId: model.id,
        latent: { kind: 'seed', seed: 7 },
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(!refused.ok && refused.error.message).toContain('is missing (deleted or moved)');

      const again = await ok<{ model: ModelInfo }>(studio, 'models.import', {
        path: fixtureModel('gray.onnx'),
      });
      expect(again.model.id).toBe(model.id);
      expect((await imported(studio))[0]!.problem).toBeUndefined();
      expect(await frameOf(studio, model.id)).toEqual(before);
    } finally {
      await studio.dispose();
    }
  });
});

describe('ONNX external-data files', () => {
  it('are copied and hashed with the model, which renders like the same weights inline', async () => {
    const dataDir = join(work, 'external');
    const studio = await studioIn(dataDir);
    try {
      const { model } = await ok<{ model: ModelInfo }>(studio, 'models.import', { path: EXTERNAL });
      expect((await readdir(join(dataDir, 'models', model.id))).sort()).toEqual([
        'gray-external.onnx',
        'gray-external.onnx.data',
      ]);
      const inline = await ok<{ model: ModelInfo }>(studio, 'models.import', {
        path: fixtureModel('gray.onnx'),
      });
      expect(await frameOf(studio, model.id)).toEqual(await frameOf(studio, inline.model.id));
      // The weights are part of the identity: other weights, another hash.
      expect(await modelFiles(EXTERNAL)).toEqual([EXTERNAL, `${EXTERNAL}.data`]);
    } finally {
      await studio.dispose();
    }
  });

  it('a failed import leaves no entry and no folder behind', async () => {
    const dataDir = join(work, 'failed');
    const source = join(work, 'src');
    await mkdir(source, { recursive: true });
    await copyFile(EXTERNAL, join(source, 'gray-external.onnx')); // its weights left behind
    const studio = await studioIn(dataDir);
    try {
      const res = await dispatch(studio.handlers, 'models.import', {
        path: join(source, 'gray-external.onnx'),
      });
      expect(res.ok).toBe(false);
      expect(await imported(studio)).toEqual([]);
      const left = await readdir(join(dataDir, 'models')).catch(() => []);
      expect(left.filter((f) => f !== 'index.json')).toEqual([]);
    } finally {
      await studio.dispose();
    }
  });

  it('weights named outside the model folder are refused in words', async () => {
    const bytes = await readFile(EXTERNAL);
    const escaped = Buffer.from(
      bytes.toString('latin1').replace('gray-external.onnx.data', '../ray-external.onnx.da'),
      'latin1',
    );
    const file = join(work, 'escape', 'evil.onnx');
    await mkdir(join(work, 'escape'), { recursive: true });
    await writeFile(file, escaped);
    await expect(modelFiles(file)).rejects.toThrow(
      '"evil.onnx" keeps weights in "../ray-external.onnx.da", outside its own folder',
    );
  });
});

describe('the default model', () => {
  it('is the first bundled one-pass generator (the emoji GAN), never the diffusion model', async () => {
    const studio = await studioIn(join(work, 'default-model'));
    const { models } = await ok<{ models: ModelInfo[] }>(studio, 'models.list', {});
    const bundled = models.filter((m) => m.source === 'bundled').map((m) => [m.id, m.kind]);
    expect(bundled.slice(0, 3)).toEqual([
      ['bundled-emoji-faces-gan', 'generator'],
      ['bundled-fashion-mnist-diffusion', 'diffusion'],
      ['bundled-fashion-mnist-vae', 'generator'],
    ]);
    const info = await ok<{ defaultModelId: string }>(studio, 'app.info', {});
    expect(info.defaultModelId).toBe('bundled-emoji-faces-gan');
  });

  it('skips a diffusion model that sorts before every generator', async () => {
    const bundled = { source: 'bundled' as const };
    const models = [
      { ...bundled, id: 'bundled-a-diffusion', kind: 'diffusion' as const, name: 'A' },
      { ...bundled, id: 'bundled-b-placeholder', kind: 'generator' as const, name: 'Placeholder' },
      { ...bundled, id: 'bundled-c-vae', kind: 'generator' as const, name: 'C' },
    ];
    expect(pickDefaultModel(models)).toBe('bundled-c-vae');
    expect(pickDefaultModel(models.slice(0, 1))).toBe('bundled-a-diffusion');
    expect(pickDefaultModel([])).toBeNull();
  });
});
