import { describe, expect, it } from 'vitest';
import { projectProblems, projectSchema } from '../../../../main/contract/project-schemas';
import { initialDoc, seedImage, type DocImage, type ProjectDoc } from '../../store/doc';
import { fromProject, isPristine, toProject, type ProjectMeta } from './project-file';

const meta: ProjectMeta = {
  id: 'p1',
  name: 'Walk',
  createdAt: '2025-01-01T00:00:00.000Z',
  appVersion: '0.1.0',
  model: { name: 'M', sha256: 'a'.repeat(64), latentDim: 8, width: 32, height: 32 },
};

function sampleDoc(): ProjectDoc {
  const seeds = [1, 2, 3].map((s) => seedImage('m', s, 0.7));
  const blend: DocImage = {
    key: 'iblend',
    modelId: 'm',
    latent: {
      kind: 'blend',
      items: [
        { latent: seeds[0]!.latent, weight: 0.25 },
        { latent: seeds[1]!.latent, weight: 0.75 },
      ],
    },
    label: 'Blend 1',
    name: 'blend-1',
    seed: null,
    truncation: null,
    lineage: {
      op: 'blend',
      parents: [
        { imageId: seeds[0]!.key, weight: 0.25 },
        { imageId: seeds[1]!.key, weight: 0.75 },
      ],
    },
  };
  const images = Object.fromEntries([...seeds, blend].map((i) => [i.key, i]));
  const [a, b, c] = seeds.map((s) => s.key) as [string, string, string];
  return {
    ...initialDoc,
    modelId: 'm',
    sampling: { seed: 5, count: 3, truncation: 0.7 },
    grid: { seed: 1, count: 3, truncation: 0.7 },
    gridKeys: [a, b, c],
    images,
    kept: ['iblend'],
    selection: [c, a],
    anchors: [
      { id: 'a1', key: a, x: 10, y: 20 },
      { id: 'a2', key: 'iblend', x: 30, y: 40 },
    ],
    strip: { frames: 24, method: 'lerp', loop: true, waypoints: [a, b] },
    path: {
      keys: [a, b, c],
      segments: [
        { duration: 1, easing: 'cubic', interpolation: 'slerp' },
        { duration: 2, easing: 'linear', interpolation: 'lerp' },
        { duration: 0.5, easing: 'ease-in-out', interpolation: 'slerp' },
      ],
      loop: true,
      fps: 24,
      video: { format: 'webm', scale: 2, filter: 'lanczos' },
    },
    breeding: { ...initialDoc.breeding, parents: [a, b], strength: 0.5 },
    exportSettings: { folder: '/out', template: '{name}', scale: 3, filter: 'lanczos' },
    diffusionSampling: { sampler: 'ddim', steps: 25, eta: 0.3 },
  };
}

describe('the document as a project file', () => {
  it('is a valid project with no dangling references, and reads back as the same document', () => {
    const doc = sampleDoc();
    const project = toProject(doc, meta, new Set(['iblend']));
    expect(projectSchema.safeParse(project).success).toBe(true);
    expect(projectProblems(project)).toEqual([]);
    expect(project.favourites).toEqual(['iblend']);
    expect(project.paths[0]?.keyframes).toEqual(doc.path.keys);
    // Through JSON, as the engine writes it.
    const back = fromProject(projectSchema.parse(JSON.parse(JSON.stringify(project))), 'm');
    expect(back).toEqual(doc);
  });

  it('binds the images to the library id of the model found on this machine', () => {
    const project = toProject(sampleDoc(), meta, new Set());
    const back = fromProject(project, 'other-id');
    expect(back.modelId).toBe('other-id');
    expect(Object.values(back.images).every((i) => i.modelId === 'other-id')).toBe(true);
  });

  it('survives a file whose renderer extras are foreign', () => {
    const project = { ...toProject(sampleDoc(), meta, new Set()), ui: { kept: 'nonsense' } };
    const back = fromProject(project, 'm');
    expect(back.kept).toEqual([]);
    expect(back.anchors).toHaveLength(2);
  });

  it('keeps the rest of the extras when a diffusion sampler setting is out of range', () => {
    const project = toProject(sampleDoc(), meta, new Set());
    const ui = { ...project.ui, diffusionSampling: { sampler: 'ddim', steps: -3 } };
    const back = fromProject({ ...project, ui }, 'm');
    expect(back.diffusionSampling).toEqual({});
    expect(back.kept).toEqual(['iblend']);
    expect(back.exportSettings.template).toBe('{name}');
  });

  it('calls a document with only a grid pristine (not worth an autosave)', () => {
    const doc = sampleDoc();
    expect(isPristine({ ...initialDoc, gridKeys: doc.gridKeys, images: doc.images })).toBe(true);
    expect(isPristine(doc)).toBe(false);
  });
});
