import { z } from 'zod';

/**
 * Where a process runs model inference (engine/models/inference-provider.ts): onnxruntime's CUDA
 * execution provider where it loads, else the CPU; what was asked for; and why not CUDA, in words.
 */
export const inferenceProviderSchema = z.object({
  name: z.enum(['cuda', 'cpu']),
  requested: z.enum(['auto', 'cuda', 'cpu']),
  reason: z.string().nullable(),
});
