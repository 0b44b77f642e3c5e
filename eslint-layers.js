// The engine's inner layers, enforced with ESLint's own no-restricted-imports (see ARCHITECTURE.md,
// "Engine layers"). Why this and not eslint-plugin-boundaries or dependency-cruiser: the engine
// imports its folders only by relative paths (no aliases), so a pattern on the import's text is
// exact; it needs no new dependency, no import resolver and no second tool, and it runs inside
// the `npm run lint --max-warnings 0` every change already passes.
import { readdirSync } from 'node:fs';

const ENGINE = 'main/engine';

/** Every engine folder, including the ones planned but not made yet. */
const engineFolders = () =>
  new Set([
    ...readdirSync(new URL(`./${ENGINE}`, import.meta.url), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
    'autodiff',
  ]);

/**
 * Inner layers, lowest first: each may import only the engine folders listed (and the contract,
 * the engine's root constants and npm packages). A new engine folder is outside them by default.
 */
export const INNER_LAYERS = {
  io: [],
  latent: [],
  onnx: [],
  image: ['latent', 'io'],
  // The training-graph compiler: Ops and the symbolic ONNX graph with reverse-mode autodiff.
  autodiff: ['onnx'],
  // Networks as data: layers are written once against autodiff's Ops, initialised from latent/'s PRNG.
  nets: ['io', 'onnx', 'autodiff', 'latent'],
  // Model folders of earlier versions (generator-spec.json + generator-weights.*): reading them
  // needs io/; legacy-generator.ts turns a GeneratorSpec into a NetSpec, so this folder sits above
  // nets/ and imports it, never the reverse (nets/ may not import generator-spec/: no cycle).
  'generator-spec': ['io', 'nets'],
};

/** Middle layers: engine folders each must never import (training sits above all of them). */
export const NEVER_IMPORTS = {
  dataset: ['training', 'evaluation', 'handlers'],
  metrics: ['training', 'evaluation', 'handlers'],
  models: ['training', 'evaluation', 'handlers', 'library', 'render', 'dataset', 'metrics'],
};

/** The shells and the engine's own top: no engine folder imports them. */
const TOP = ['cli', 'server', 'electron', 'handlers', 'studio'];

/** Tests beside the code may drive it through higher layers (the CLI, the trainer). */
const TEST_FILES = [
  '**/*.test.ts',
  '**/test-support/**',
  '**/*test-fixtures.ts',
  '**/test-helpers.ts',
];

/** `../x`, `../../x/y`: an import that climbs out of the folder into engine folder x. */
const into = (names) => ({
  regex: `^(\\.\\./)+(${[...names].sort().join('|')})(/|$)`,
});

/**
 * Config blocks for the engine: `base` are the patterns every engine file has (no Electron, no
 * UI); each layer adds the folders it must not reach. One block per folder, since a later block's
 * options replace an earlier one's for the same rule.
 */
export function engineLayerConfigs(base) {
  const folders = engineFolders();
  const block = (folder, denied, message) => ({
    files: [`${ENGINE}/${folder}/**`],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...base, { ...into(denied), message }, { ...into(TOP), message: topMessage }],
        },
      ],
    },
  });
  const topMessage =
    'Engine folders never import the shells or the engine’s top (handlers, studio).';
  const inner = Object.entries(INNER_LAYERS).map(([folder, allowed]) =>
    block(
      folder,
      [...folders].filter((f) => f !== folder && !allowed.includes(f) && !TOP.includes(f)),
      `main/engine/${folder}/ is an inner layer: it may import only ${allowed.length ? allowed.map((a) => `${a}/`).join(', ') : 'no other engine folder'} (see ARCHITECTURE.md, Engine layers).`,
    ),
  );
  const middle = Object.entries(NEVER_IMPORTS).map(([folder, denied]) =>
    block(
      folder,
      denied.filter((f) => !TOP.includes(f)),
      `main/engine/${folder}/ must not import ${denied.map((d) => `${d}/`).join(', ')} (see ARCHITECTURE.md, Engine layers).`,
    ),
  );
  return [...inner, ...middle];
}
