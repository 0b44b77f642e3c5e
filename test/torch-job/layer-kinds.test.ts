import { PY_LAYERS } from '../../main/engine/torch-job/python-layers';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TfjsOps } from '../../main/engine/autodiff/tfjs-ops';
import { createRng } from '../../main/engine/latent/prng';
import { LAYERS } from '../../main/engine/nets/layers/registry';
import { paramInfos } from '../../main/engine/nets/net-shapes';
import type { NetLayer, NetSpec } from '../../main/engine/nets/net-spec';
import { runNet } from '../../main/engine/nets/run-net';
import { readTensors } from '../../main/engine/training/checkpoint';
import { encodeTensors } from '../../main/engine/training/tensor-file';
import { generateNetworks } from '../../main/engine/torch-job/generate-networks';
import { maxRelativeError } from '../autodiff/tolerance';
import { cpuTf } from '../training/tf-cpu';
import { JOB_RUNTIME, mustRunPython, torchMissing } from './torch-python';

/**
 * Every layer kind of the NetSpec registry, generated as PyTorch by the job export, computes what
 * the app computes: one network that uses all of them (asymmetric pads, skips, a second input,
 * channel orders), its output in training and inference mode, batch-norm moments, and the
 * gradients of every parameter and of both inputs, to 1e-4 relative.
 */
const N = 4;
const SPEC: NetSpec = {
  input: { kind: 'image', channels: 2, height: 6, width: 6 },
  extraInputs: { cond: { kind: 'image', channels: 1, height: 6, width: 6 } },
  init: 'glorot',
  layers: [
    { kind: 'conv', filters: 4, kernel: 3, stride: 1, pad: [1, 0, 1, 2] },
    { kind: 'groupnorm', groups: 2, epsilon: 1e-5 },
    { kind: 'silu' },
    { kind: 'save', slot: 'trunk' },
    { kind: 'concat', slot: 'cond' },
    { kind: 'conv', filters: 8, kernel: 3, stride: 1, pad: 1 },
    { kind: 'depthToSpace', block: 2 },
    { kind: 'conv', filters: 4, kernel: 4, stride: 2, pad: 1, bias: false },
    { kind: 'add', slot: 'trunk' },
    { kind: 'batchnorm', epsilon: 1e-3, momentum: 0.1 },
    { kind: 'leakyrelu', alpha: 0.2 },
    { kind: 'minibatchStd', groupSize: 2 },
    { kind: 'convTranspose', filters: 3, kernel: 4, stride: 2, pad: [1, 0, 2, 1] },
    { kind: 'sigmoid' },
    { kind: 'conv', filters: 2, kernel: 3, stride: 2, pad: 0 },
    { kind: 'save', slot: 'branch' },
    { kind: 'load', slot: 'trunk' },
    { kind: 'tanh' },
    { kind: 'conv', filters: 2, kernel: 2, stride: 1, pad: [0, 0, 0, 1] },
    { kind: 'concat', slot: 'branch' },
    { kind: 'flatten', order: 'hwc' },
    { kind: 'dense', units: 10 },
    { kind: 'relu' },
    { kind: 'unflatten', channels: 5, height: 1, width: 2, order: 'hwc' },
    { kind: 'flatten' },
    { kind: 'dense', units: 3, bias: false },
  ],
};

let tf: typeof TF;
let dir: string;
beforeAll(async () => {
  tf = await cpuTf();
  dir = await mkdtemp(join(tmpdir(), 'torch-layers-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const PY = `
import sys, torch
sys.path.insert(0, ${JSON.stringify(JOB_RUNTIME)})
from latent_job.checkpoint import read_tensors, write_tensors
import importlib.util
spec = importlib.util.spec_from_file_location("networks", sys.argv[1] + "/networks.py")
nets = importlib.util.module_from_spec(spec); spec.loader.exec_module(nets)
t = read_tensors(sys.argv[1], "in")
net = nets.NETWORKS["n"]()
net.load_state_dict({k[2:]: torch.from_numpy(v) for k, v in t.items() if k.startswith("p.")})
x = torch.from_numpy(t["x"]).requires_grad_(True)
cond = torch.from_numpy(t["cond"]).requires_grad_(True)
stats = []
y = net(x, mode="train", stats=stats, cond=cond)
(y * torch.from_numpy(t["r"])).sum().backward()
out = {"y": y.detach().numpy(), "grad.x": x.grad.numpy(), "grad.cond": cond.grad.numpy()}
for name, p in net.named_parameters():
    out["grad." + name] = p.grad.numpy()
for bn, mean, var, count in stats:
    out["mean"] = mean.numpy(); out["var"] = var.numpy(); out["count"] = torch.tensor([float(count)]).numpy()
with torch.no_grad():
    out["infer"] = net(x, mode="infer", cond=cond).numpy()
write_tensors(sys.argv[1], out, "out")
`;

describe('the generated PyTorch layers', () => {
  it('cover every layer kind the PyTorch job knows (the GAN and VAE kinds)', () => {
    expect(new Set(SPEC.layers.map((l) => l.kind))).toEqual(new Set(Object.keys(PY_LAYERS)));
    // Every kind it knows is a registry kind; the U-Net and autoregressive kinds are refused below.
    for (const kind of Object.keys(PY_LAYERS)) expect(Object.keys(LAYERS)).toContain(kind);
  });

  it('fail in words on a layer kind the export does not know', () => {
    const future = {
      ...SPEC,
      layers: [...SPEC.layers, { kind: 'attention', heads: 4 } as unknown as NetLayer],
    };
    expect(() => generateNetworks('gan', { d: future })).toThrow(
      /Layer 26 \(attention\) of network "d": the PyTorch job export does not know this layer kind yet/,
    );
  });

  it.skipIf(torchMissing !== null)(
    `compute the app's outputs, moments and gradients${torchMissing ? ` (${torchMissing})` : ''}`,
    { timeout: 120_000 },
    async () => {
      const rng = createRng(77);
      const rand = (n: number, scale = 1, offset = 0) =>
        Float32Array.from({ length: n }, () => offset + scale * rng.nextNormal());
      const params = new Map<string, { shape: number[]; data: Float32Array }>();
      for (const [name, info] of paramInfos(SPEC)) {
        const size = info.shape.reduce((a, b) => a * b, 1);
        const data = name.endsWith('runningVar')
          ? Float32Array.from(rand(size), (v) => 0.5 + Math.abs(v))
          : name.endsWith('gamma')
            ? rand(size, 0.2, 1)
            : rand(size, 0.4);
        params.set(name, { shape: info.shape, data });
      }
      const x = rand(N * 2 * 36);
      const cond = rand(N * 36);
      const r = rand(N * 3);
      const tensors: Record<string, { shape: number[]; data: Float32Array }> = {
        x: { shape: [N, 2, 6, 6], data: x },
        cond: { shape: [N, 1, 6, 6], data: cond },
        r: { shape: [N, 3], data: r },
      };
      for (const [k, v] of params) tensors[`p.${k}`] = v;
      const { index, bin } = encodeTensors(tensors);
      await writeFile(join(dir, 'in.bin'), bin);
      await writeFile(join(dir, 'in.json'), JSON.stringify({ tensors: index }));
      await writeFile(join(dir, 'networks.py'), generateNetworks('test', { n: SPEC }));
      await mustRunPython(['-c', PY, dir], JOB_RUNTIME);
      const py = (await readTensors(dir, 'out')).state;

      // The app: the same network eagerly on tfjs (cpu), gradients by its autodiff.
      const o = new TfjsOps(tf);
      const names = [...params.keys()].filter((k) => paramInfos(SPEC).get(k)!.trainable);
      const t = (v: { shape: number[]; data: Float32Array }) => tf.tensor(v.data, v.shape);
      const inputs = [t(tensors.x!), t(tensors.cond!), ...names.map((k) => t(params.get(k)!))];
      let y = new Float32Array(0);
      let moments: Float32Array[] = [];
      const { grads } = o.valueAndGrads((ps) => {
        const table = new Map(names.map((k, i) => [k, ps[i + 2]!]));
        const out = runNet(o, SPEC, (k) => table.get(k) ?? t(params.get(k)!), ps[0]!, {
          mode: 'train',
          inputs: { cond: ps[1]! },
          onBatchStats: (_l, m, v) =>
            (moments = [m, v].map((z) => Float32Array.from(z.dataSync()))),
        });
        y = Float32Array.from(out.dataSync());
        return { value: tf.sum(tf.mul(out, t(tensors.r!))) };
      }, inputs);
      const infer = runNet(o, SPEC, (k) => t(params.get(k)!), inputs[0]!, {
        mode: 'infer',
        inputs: { cond: inputs[1]! },
      });
      const check = (what: string, a: ArrayLike<number> | undefined, b: ArrayLike<number>) =>
        expect(maxRelativeError(a ?? [], b), what).toBeLessThan(1e-4);
      check('output (training mode)', py.y, y);
      check('output (inference mode)', py.infer, infer.dataSync());
      check('batch-norm mean', py.mean, moments[0]!);
      check('batch-norm variance (biased)', py.var, moments[1]!);
      expect(py.count?.[0]).toBe(N * 36);
      check('gradient of x', py['grad.x'], grads[0]!.dataSync());
      check('gradient of cond', py['grad.cond'], grads[1]!.dataSync());
      names.forEach((k, i) => check(`gradient of ${k}`, py[`grad.${k}`], grads[i + 2]!.dataSync()));
      expect(names.length).toBe(18); // every trainable parameter was compared
    },
  );
});
