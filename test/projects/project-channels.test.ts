import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers, Req, Res } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import type { Project } from '../../main/contract/project-schemas';
import { base64ToFloat32, float32ToBase64 } from '../../main/engine/latent/base64';
import { sampleNormalLatent } from '../../main/engine/latent/prng';
import { fixtureModel, openTempStudio } from '../support/temp-studio';

type Temp = Awaited<ReturnType<typeof openTempStudio>>;
let temp: Temp;

async function call<C extends keyof Handlers>(channel: C, request: Req<C>): Promise<Res<C>> {
  const result = await dispatch(temp.studio.handlers, channel, request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as Res<C>;
}
async function callError(channel: string, request: unknown): Promise<string> {
  const result = await dispatch(temp.studio.handlers, channel, request);
  if (result.ok) throw new Error(`${channel} should have failed`);
  return `${result.error.code}: ${result.error.message}`;
}

/** A project with one of everything: seeds, an explicit z, a blend, a direction move, a path. */
async function sampleProject(modelId: string): Promise<Project> {
  const { project } = await call('project.create', { modelId, name: 'Shoes' });
  const dim = project.model.latentDim;
  const z = float32ToBase64(sampleNormalLatent(99, dim));
  const direction = float32ToBase64(sampleNormalLatent(7, dim).map((x) => x * 0.1));
  return {
    ...project,
    images: [
      {
        id: 'a',
        latent: { kind: 'seed', seed: 1, truncation: 0.7 },
        lineage: { op: 'seed', seed: 1 },
      },
      { id: 'b', latent: { kind: 'z', z }, lineage: { op: 'png', source: { file: 'shoe.png' } } },
      {
        id: 'c',
        latent: {
          kind: 'blend',
          items: [
            { latent: { kind: 'seed', seed: 1 }, weight: 1 },
            { latent: { kind: 'z', z }, weight: 2 },
          ],
        },
        lineage: {
          op: 'blend',
          parents: [
            { imageId: 'a', weight: 1 },
            { imageId: 'b', weight: 2 },
          ],
        },
      },
      {
        id: 'd',
        latent: {
          kind: 'direction',
          base: { kind: 'z', z },
          moves: [{ vector: direction, amount: 2, directionId: 'pc0' }],
        },
        lineage: { op: 'direction', parent: 'b', moves: [{ directionId: 'pc0', amount: 2 }] },
      },
    ],
    selection: ['c', 'a'],
    favourites: ['b'],
    canvas: {
      anchors: [
        { id: 'anchor1', imageId: 'a', x: 10, y: 20 },
        { id: 'anchor2', imageId: 'b', x: 200, y: 40 },
      ],
    },
    strips: [
      { id: 's1', name: 'Strip', waypoints: ['a', 'b'], frames: 8, method: 'slerp', loop: false },
    ],
    paths: [
      {
        id: 'p1',
        name: 'Loop',
        keyframes: ['a', 'b', 'c'],
        segments: [
          { duration: 1, easing: 'cubic', interpolation: 'slerp' },
          { duration: 2, easing: 'ease-in-out', interpolation: 'lerp' },
          { duration: 1, easing: 'cubic', interpolation: 'slerp' },
        ],
        loop: true,
        fps: 12,
      },
    ],
    directions: [
      { id: 'pc0', name: 'Sleeve length', vector: direction, source: { method: 'manual' } },
    ],
    ui: { leftTab: 'favourites' },
  };
}

beforeAll(async () => {
  temp = await openTempStudio();
});
afterAll(async () => temp.close());

describe('project files', () => {
  it('save then open gives back the same project, with latents in a float32 LE file', async () => {
    const project = await sampleProject('bundled-fashion-mnist-vae');
    const target = join(temp.dataDir, 'work', 'shoes');
    const saved = await call('project.save', { project, path: target });
    expect(saved.path).toBe(`${target}.lsproj`);
    expect(saved.wrote).toBe(true);
    expect(saved.latentCount).toBe(2); // the z (used three times) and the direction vector (twice)

    const files = (await readdir(saved.path)).sort();
    expect(files).toHaveLength(2);
    expect(files[1]).toBe('project.json');
    const json = JSON.parse(await readFile(join(saved.path, 'project.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(json)).not.toContain(
      project.images[1]!.latent.kind === 'z' ? (project.images[1]!.latent as { z: string }).z : '?',
    );
    const bin = await readFile(join(saved.path, files[0]!));
    const dim = project.model.latentDim;
    expect(bin.length).toBe(2 * dim * 4);
    expect(bin.readFloatLE(0)).toBe(sampleNormalLatent(99, dim)[0]);

    const opened = await call('project.open', { path: saved.path });
    expect(opened.warnings).toEqual([]);
    expect(opened.model).toMatchObject({ status: 'found', modelId: 'bundled-fashion-mnist-vae' });
    expect({ ...opened.project, modifiedAt: '' }).toEqual({ ...project, modifiedAt: '' });
  });

  it('autosave without a path goes to the data folder, writes nothing when nothing changed, and is listed as recent', async () => {
    const project = await sampleProject('bundled-fashion-mnist-vae');
    const first = await call('project.save', { project });
    expect(first.path).toBe(join(temp.dataDir, 'autosave', `${project.id}.lsproj`));
    const again = await call('project.save', {
      project: { ...project, modifiedAt: new Date().toISOString() },
    });
    expect(again.wrote).toBe(false);
    const moved = {
      ...project,
      canvas: { anchors: [{ id: 'anchor1', imageId: 'a', x: 11, y: 20 }] },
    };
    expect((await call('project.save', { project: moved })).wrote).toBe(true);
    const { projects } = await call('project.recent', {});
    expect(projects[0]).toMatchObject({
      path: first.path,
      autosave: true,
      exists: true,
      name: 'Shoes',
    });

    // Saved under a name, the untitled autosave leaves the recent list.
    const named = await call('project.save', {
      project: moved,
      path: join(temp.dataDir, 'work', 'named'),
    });
    const after = (await call('project.recent', {})).projects.map((p) => p.path);
    expect(after[0]).toBe(named.path);
    expect(after).not.toContain(first.path);
  });

  it('never replaces another project or a foreign folder without overwrite', async () => {
    const a = await sampleProject('bundled-fashion-mnist-vae');
    const b = await sampleProject('bundled-fashion-mnist-vae');
    const path = join(temp.dataDir, 'work', 'clash.lsproj');
    await call('project.save', { project: a, path });
    expect(await callError('project.save', { project: b, path })).toMatch(/holds another project/);
    await call('project.save', { project: b, path, overwrite: true });
    const other = join(temp.dataDir, 'work', 'holiday.lsproj');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'photo.jpg'), 'x');
    expect(await callError('project.save', { project: a, path: other })).toMatch(
      /not a Latent Studio project/,
    );
  });

  it('refuses to save dangling references, and says which', async () => {
    const project = await sampleProject('bundled-fashion-mnist-vae');
    const broken = { ...project, favourites: ['nope'] };
    expect(
      await callError('project.save', { project: broken, path: join(temp.dataDir, 'work', 'x') }),
    ).toMatch(/favourite refers to image "nope"/);
  });

  it('a damaged latents file or a newer format is refused in words naming the project', async () => {
    const project = await sampleProject('bundled-fashion-mnist-vae');
    const { path } = await call('project.save', {
      project,
      path: join(temp.dataDir, 'work', 'damaged'),
    });
    const bin = (await readdir(path)).find((f) => f.endsWith('.bin'))!;
    const bytes = await readFile(join(path, bin));
    bytes[5] = bytes[5]! ^ 0xff;
    await writeFile(join(path, bin), bytes);
    expect(await callError('project.open', { path })).toMatch(
      /damaged\.lsproj.*latents file .* is damaged/,
    );

    const { path: newer } = await call('project.save', {
      project,
      path: join(temp.dataDir, 'work', 'newer'),
    });
    const doc = JSON.parse(await readFile(join(newer, 'project.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await writeFile(join(newer, 'project.json'), JSON.stringify({ ...doc, version: 7 }));
    expect(await callError('project.open', { path: newer })).toMatch(
      /newer Latent Studio \(format version 7/,
    );
    expect(await callError('project.open', { path: join(temp.dataDir, 'nowhere') })).toMatch(
      /no project\.json/,
    );
  });
});

describe('a project whose model is missing', () => {
  it('names the model, and is rebound by locating the file (hash checked, or accepted)', async () => {
    // A model opened from a path outside the library, then "lost".
    const dir = join(temp.dataDir, 'elsewhere');
    await mkdir(dir, { recursive: true });
    const modelPath = join(dir, 'gray.onnx');
    await copyFile(fixtureModel('gray.onnx'), modelPath);
    const project = await sampleProject(modelPath);
    const lost = { ...project, model: { ...project.model, path: join(dir, 'moved-away.onnx') } };
    const { path } = await call('project.save', {
      project: lost,
      path: join(temp.dataDir, 'work', 'gray'),
    });

    const opened = await call('project.open', { path });
    expect(opened.model.status).toBe('missing');
    if (opened.model.status !== 'missing') return;
    expect(opened.model.message).toContain('"gray"');
    expect(opened.model.message).toContain(project.model.sha256.slice(0, 12));

    const located = await call('project.locateModel', {
      expected: opened.project.model,
      modelPath,
    });
    expect(located.matched).toBe(true);
    expect(located.projectModel.sha256).toBe(project.model.sha256);
    // Imported into the library: the next open finds it by hash alone.
    expect((await call('project.open', { path })).model.status).toBe('found');

    const wrong = fixtureModel('dcgan.onnx');
    expect(
      await callError('project.locateModel', { expected: opened.project.model, modelPath: wrong }),
    ).toMatch(/MODEL_REJECTED: .*dcgan\.onnx" is not the project's model/);
    // Accepting another file still needs latents of the same size (dcgan takes 100, gray 32).
    expect(
      await callError('project.locateModel', {
        expected: opened.project.model,
        modelPath: wrong,
        accept: true,
      }),
    ).toMatch(/100 values, but the project's latents have 32/);
  });

  it('a direction vector stored in the project still moves the latent after a round trip', async () => {
    const project = await sampleProject('bundled-fashion-mnist-vae');
    const { path } = await call('project.save', {
      project,
      path: join(temp.dataDir, 'work', 'dir'),
    });
    const { project: back } = await call('project.open', { path });
    const d = back.images.find((i) => i.id === 'd')!;
    const { z } = await call('latent.resolve', {
      modelId: 'bundled-fashion-mnist-vae',
      latent: d.latent,
    });
    const base = sampleNormalLatent(99, project.model.latentDim);
    const step = sampleNormalLatent(7, project.model.latentDim);
    expect(base64ToFloat32(z)[3]).toBeCloseTo(base[3]! + 2 * step[3]! * 0.1, 5);
  });
});
