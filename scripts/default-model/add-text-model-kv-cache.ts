/**
 * Re-exports the bundled text model (assets/text-models/austen-char.onnx) with the key/value cache
 * graph (main/engine/onnx-export/text-cached-graph.ts), from the weights inside the file itself:
 * the model was exported before the cache existed, and its checkpoint is not kept in the repo.
 * Retraining (train-default-text-model.sh) exports the cache directly; this keeps the same weights.
 *
 *   nice -n 19 npx tsx scripts/default-model/add-text-model-kv-cache.ts [MODEL.onnx]
 *
 * The old exporter made its initializers in a fixed order (the OneHot constants, then every
 * parameter in paramInfos order), so rebuilding that graph names each parameter's initializer as
 * the file does. Each one is checked by shape, and the new file is checked against the old one:
 * the logits of random windows must agree (to 1e-5) before anything is written.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { emptyPast, cacheLayout } from '../../main/engine/autoregressive/text-kv-cache';
import { OnnxOps } from '../../main/engine/autodiff/onnx-ops';
import { writeFileAtomic } from '../../main/engine/io/atomic-write';
import { createRng } from '../../main/engine/latent/prng';
import { readOnnxInitializers } from '../../main/engine/onnx/onnx-initializers';
import { textTransformer } from '../../main/engine/nets/autoregressive-nets';
import { paramInfos } from '../../main/engine/nets/net-shapes';
import { exportTextNet } from '../../main/engine/onnx-export/export-autoregressive';

const file = process.argv[2] ?? 'assets/text-models/austen-char.onnx';
const record = file.replace(/\.onnx$/, '.training');
const setup = JSON.parse(await readFile(join(record, 'config.json'), 'utf8')) as {
  config: { layers: number; heads: number; context: number };
  width: number;
  vocab: string[];
};
const spec = textTransformer({
  vocab: setup.vocab.length,
  context: setup.config.context,
  width: setup.width,
  layers: setup.config.layers,
  heads: setup.config.heads,
});
const old = new Uint8Array(await readFile(file));
const stored = readOnnxInitializers(old);

// The old exporter's order: tokens input, the OneHot node (depth, values, output), parameters.
const o = new OnnxOps();
const input = o.g.input('tokens', [1, setup.config.context], 'int64');
o.g.emit(
  'OneHot',
  [input, o.g.int64([setup.vocab.length]), o.g.constant(new Float32Array([0, 1]), [2])],
  [{ shape: [1, setup.config.context, setup.vocab.length] }],
);
const rng = createRng(1);
const weights = new Map<string, Float32Array>();
for (const [name, info] of paramInfos(spec)) {
  const size = info.shape.reduce((a, b) => a * b, 1);
  const sym = o.constant(
    Float32Array.from({ length: size }, () => rng.nextFloat()),
    info.shape,
  );
  const t = stored.get(sym.name);
  if (!t || t.dims.join() !== info.shape.join() || !(t.data instanceof Float32Array))
    throw new Error(`${file}: ${sym.name} is not ${name} [${info.shape.join(', ')}]`);
  weights.set(name, t.data);
}
const bytes = exportTextNet(spec, (n) => weights.get(n)!, 'austen-char');

// The same logits as the old file, on random windows.
const t = setup.config.context;
const ids = BigInt64Array.from({ length: 4 * t }, () =>
  BigInt(rng.nextUint32() % setup.vocab.length),
);
const before = await ort.InferenceSession.create(old);
const after = await ort.InferenceSession.create(bytes);
const tokens = new ort.Tensor('int64', ids, [4, t]);
const a = (await before.run({ tokens })).logits!.data as Float32Array;
const b = (await after.run({ tokens, ...emptyPast(cacheLayout(after)!, 4) })).logits!
  .data as Float32Array;
let worst = 0;
a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]!))));
if (!(worst <= 1e-5)) throw new Error(`the re-export differs from ${file} by ${worst}`);
await writeFileAtomic(file, bytes);
console.log(
  `${file}: ${weights.size} tensors, key/value cache added; largest logit difference ${worst}`,
);
