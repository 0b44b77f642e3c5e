// Flat config: type-checked typescript-eslint everywhere, and the layering that keeps the engine
// free of Electron and the DOM (VS Code style: folders by where code runs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { engineLayerConfigs } from './eslint-layers.js';

const noElectron = {
  group: ['electron', 'electron/*'],
  message: 'Only main/electron and preload may import electron.',
};
const noUi = {
  group: ['react', 'react-dom', 'konva', 'react-konva', '**/renderer/**'],
  message: 'Engine code must not import UI code.',
};
const noRawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed wrappers in main/electron/ipc.ts and preload/preload.ts.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'release/**',
      'assets/**',
      'test/fixtures/**',
      'test-results/**',
      'bench/results/**',
      'bin/**',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Every contract handler returns a Promise; many are synchronous inside, and that is fine.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  {
    // The engine runs in plain Node (tests, CLI, server): no Electron, no DOM, no React.
    files: ['main/engine/**', 'main/contract/**', 'main/cli/**', 'main/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [noElectron, noUi],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  // The engine's inner layers (onnx/, nets/, io/, latent/, image/, autodiff/) and the folders
  // that never import training/: one block per folder, each keeping the two rules above.
  ...engineLayerConfigs([noElectron, noUi]),
  {
    // The renderer reaches the engine only through the contract (StudioApi).
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            {
              group: [
                '**/main/engine/**',
                '**/main/server/**',
                '**/main/cli/**',
                '**/main/electron/**',
                'node:*',
                'onnxruntime-node',
                '@tensorflow/*',
              ],
              message: 'The renderer talks to the engine only through main/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/electron/**', 'preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noRawIpc] }] },
  },
  {
    files: ['main/electron/ipc.ts', 'preload/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
