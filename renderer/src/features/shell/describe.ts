import type { ModelInfo, ModelProperties } from '../../../../main/contract/channels';

/** "64×64 RGB · latent 32 · range [-1,1] · dynamic batch" */
export function describeModel(p: ModelProperties): string {
  const colour = p.channels === 3 ? 'RGB' : 'grayscale';
  const batch = p.batch === 'dynamic' ? 'dynamic batch' : `batch ${p.batch}`;
  return `${p.width}×${p.height} ${colour} · latent ${p.latentDim} · range [${p.range[0]},${p.range[1]}] · ${batch}`;
}

export function formatLabel(p: ModelProperties): string {
  return p.format === 'onnx' ? 'ONNX' : 'TF.js';
}

/** "ONNX onnxruntime-node 1.30.0" reads twice; only prefix the kind when the version lacks it. */
export function runtimeLabel(kind: string, version: string): string {
  const bare = kind.toLowerCase().replace(/[^a-z]/g, '');
  return version
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .includes(bare)
    ? version
    : `${kind} ${version}`;
}

export function sourceLabel(source: ModelInfo['source']): string {
  if (source === 'bundled') return 'Bundled';
  if (source === 'imported') return 'Imported';
  return 'Opened from file';
}

type Provider = { name: 'cuda' | 'cpu'; requested: 'auto' | 'cuda' | 'cpu'; reason: string | null };

/** The header's short line: "Inference: GPU (CUDA)" or "Inference: CPU (no CUDA)". */
export function providerLabel(p: Provider): string {
  if (p.name === 'cuda') return 'Inference: GPU (CUDA)';
  return p.requested === 'cpu' ? 'Inference: CPU' : 'Inference: CPU (no CUDA)';
}

/** The header's tooltip: why not the GPU, in the engine's words. */
export function providerTitle(p: Provider): string {
  if (p.name === 'cuda') return 'Models run on onnxruntime’s CUDA execution provider.';
  if (p.requested === 'cpu') return 'The CPU was asked for (--provider cpu).';
  return `Models run on the CPU: ${p.reason ?? 'CUDA is not available'}.`;
}
