import { describe, expect, it } from 'vitest';
import {
  migrateProject,
  PROJECT_FORMAT,
  projectProblems,
  projectSchema,
  type Project,
} from './project-schemas';

const base = {
  format: PROJECT_FORMAT,
  version: 1,
  id: 'p',
  name: 'n',
  createdAt: '2026-01-01T00:00:00.000Z',
  modifiedAt: '2026-01-01T00:00:00.000Z',
  appVersion: '0.1.0',
  model: { name: 'm', sha256: 'a'.repeat(64), latentDim: 4, width: 8, height: 8 },
  grid: { seed: 1, count: 4, truncation: 1 },
  images: [{ id: 'x', latent: { kind: 'seed', seed: 3 }, lineage: { op: 'seed', seed: 3 } }],
  selection: ['x'],
  favourites: [],
  canvas: { anchors: [] },
  strips: [],
  paths: [],
  directions: [],
};

describe('project migration hook', () => {
  it('runs each step from the document’s version up to the target, in order', () => {
    const steps = {
      1: (d: Record<string, unknown>) => ({ ...d, grid: { ...(d.grid as object), columns: 4 } }),
      2: (d: Record<string, unknown>) => ({ ...d, note: 'from v2' }),
    };
    const out = migrateProject(base, steps, 3) as Record<string, unknown>;
    expect(out.version).toBe(3);
    expect(out.note).toBe('from v2');
    expect(out.grid).toEqual({ seed: 1, count: 4, truncation: 1, columns: 4 });
  });

  it('refuses newer versions, missing steps and foreign files in words', () => {
    expect(() => migrateProject({ ...base, version: 2 })).toThrow(/newer Latent Studio/);
    expect(() => migrateProject(base, {}, 2)).toThrow(
      /No way to upgrade a project from format version 1/,
    );
    expect(() => migrateProject({ ...base, format: 'other' })).toThrow(
      /not a Latent Studio project/,
    );
    expect(() => migrateProject([])).toThrow(/JSON object/);
  });

  it('a version-1 document passes unchanged and validates', () => {
    const doc = projectSchema.parse(migrateProject(base));
    expect(projectProblems(doc)).toEqual([]);
  });

  it('projectProblems finds a path whose segments do not fit its keyframes', () => {
    const doc = projectSchema.parse(base);
    const broken: Project = {
      ...doc,
      paths: [
        {
          id: 'p1',
          name: 'walk',
          keyframes: ['x', 'x', 'x'],
          segments: [{ duration: 1, easing: 'linear', interpolation: 'lerp' }],
          loop: false,
          fps: 12,
        },
      ],
    };
    expect(projectProblems(broken)).toEqual([
      'Path "walk" has 3 keyframes and 1 segments; an open path needs 2.',
    ]);
  });
});
