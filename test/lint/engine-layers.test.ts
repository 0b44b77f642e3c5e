import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/temp-studio';

// The repository's real ESLint config, as it applies to a file in each folder: only its
// no-restricted-imports rule is run here (the rule that holds the layers), on one import line.
const eslint = new ESLint({ cwd: REPO_ROOT });

async function importErrors(file: string, from: string): Promise<string[]> {
  const config = (await eslint.calculateConfigForFile(file)) as {
    rules?: Record<string, Linter.RuleEntry>;
  };
  const rule = config.rules?.['no-restricted-imports'];
  if (!rule) return ['(no no-restricted-imports rule applies)'];
  const linter = new Linter();
  const messages = linter.verify(
    `import x from '${from}';\nexport default x;\n`,
    [{ files: ['**/*.ts'], rules: { 'no-restricted-imports': rule } }],
    { filename: file },
  );
  return messages.map((m) => m.message);
}

describe('lint holds the engine layers (ARCHITECTURE.md, Engine layers)', () => {
  it.each([
    ['main/engine/onnx/a.ts', '../training/trainer'],
    ['main/engine/onnx/a.ts', '../generator-spec/generator-spec'],
    ['main/engine/onnx/a.ts', '../models/errors'],
    ['main/engine/nets/a.ts', '../onnx-export/spec-shapes'],
    ['main/engine/nets/a.ts', '../models/errors'],
    ['main/engine/nets/a.ts', '../training/spec-forward'],
    // generator-spec/ sits above nets/ (it converts to a NetSpec): nets/ may not import it back.
    ['main/engine/nets/a.ts', '../generator-spec/legacy-generator'],
    ['main/engine/generator-spec/a.ts', '../onnx-export/export-net'],
    ['main/engine/generator-spec/a.ts', '../onnx/protobuf-wire'],
    ['main/engine/io/a.ts', '../latent/prng'],
    ['main/engine/latent/a.ts', '../image/png'],
    ['main/engine/image/a.ts', '../models/onnx-generator'],
    ['main/engine/image/sub/a.ts', '../../dataset/scan-folder'],
    ['main/engine/autodiff/a.ts', '../training/trainer'],
    ['main/engine/autodiff/a.ts', '../nets/net-spec'],
    ['main/engine/nets/a.ts', '../image/png'],
    ['main/engine/autodiff/a.ts', '../io/atomic-write'],
    ['main/engine/autodiff/tape/a.ts', '../../models/load-generator'],
    ['main/engine/dataset/a.ts', '../training/data-source'],
    ['main/engine/metrics/extractors/a.ts', '../../training/detectors/images'],
    ['main/engine/models/a.ts', '../training/models'],
    ['main/engine/models/a.ts', '../library/model-library'],
    ['main/engine/latent/a.ts', '../handlers/render-job'],
    ['main/engine/dataset/a.ts', '../../cli/output'],
  ])('%s may not import %s', async (file, from) => {
    const errors = await importErrors(file, from);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/ARCHITECTURE\.md, Engine layers|shells or the engine/);
  });

  it.each([
    ['main/engine/nets/a.ts', '../onnx/protobuf-wire'],
    ['main/engine/nets/a.ts', '../io/atomic-write'],
    ['main/engine/nets/a.ts', './spec-shapes'],
    ['main/engine/image/a.ts', '../latent/base64'],
    ['main/engine/autodiff/a.ts', '../onnx/onnx-graph'],
    ['main/engine/nets/layers/a.ts', '../../autodiff/ops'],
    ['main/engine/nets/a.ts', '../latent/prng'],
    ['main/engine/generator-spec/a.ts', '../nets/net-spec'],
    ['main/engine/generator-spec/a.ts', '../io/atomic-write'],
    ['main/engine/onnx/a.ts', '../app-version'],
    ['main/engine/onnx/a.ts', '../../contract/channels'],
    ['main/engine/metrics/a.ts', '../models/errors'],
    ['main/engine/dataset/a.ts', '../io/atomic-write'],
    ['main/engine/training/a.ts', '../dataset/dataset-loader'],
    // Tests beside the code may drive it through higher layers.
    ['main/engine/nets/a.test.ts', '../onnx-export/export-net'],
  ])('%s may import %s', async (file, from) => {
    expect(await importErrors(file, from)).toEqual([]);
  });

  it('keeps the engine-wide rules in every layer block (no Electron, no UI)', async () => {
    for (const folder of ['onnx', 'nets', 'generator-spec', 'models', 'autodiff']) {
      expect(await importErrors(`main/engine/${folder}/a.ts`, 'electron')).toHaveLength(1);
      expect(await importErrors(`main/engine/${folder}/a.ts`, 'react')).toHaveLength(1);
    }
  });
});
