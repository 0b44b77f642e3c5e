// Builds every shell: the CLI/server bundle (ESM), Electron main and preload (CommonJS: a sandboxed
// preload cannot be an ES module), and the renderer with Vite. Dependencies stay external (native
// runtimes must load from node_modules, unpacked from asar in packaged builds), except in preload,
// which must be self-contained.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
// CommonJS bundles have no import.meta.url; give them one computed from __filename.
const cjsImportMeta = {
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await rm('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    // The training process is a second entry beside the CLI (see training/process/entry-path.ts).
    entryPoints: {
      'latent-studio': 'main/cli/index.ts',
      'train-process': 'main/engine/training/process/train-process.ts',
      // FID/KID worker thread of the training process (training/detectors/metrics-worker-client.ts).
      'metrics-worker': 'main/engine/training/detectors/metrics-worker.ts',
    },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    packages: 'external',
    // CommonJS dependencies (tfjs, onnxruntime-node) are loaded with require inside the bundle.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  }),
  build({
    ...common,
    ...cjsImportMeta,
    entryPoints: { main: 'main/electron/main.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: { preload: 'preload/preload.ts' },
    outdir: 'dist/preload',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron'],
  }),
]);
await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
console.log('built dist/cli, dist/electron, dist/preload, dist/renderer');
