/** Export steps: the spec's layers after planning, with weights already in ONNX layout (export-plan.ts). */
export type ActivationOp = 'Relu' | 'LeakyRelu' | 'Tanh' | 'Sigmoid';
export type ExportStep =
  | { op: 'gemm'; kernel: Float32Array; bias: Float32Array; inputs: number; units: number }
  /** kernel OIHW [cout, cin, k, k] */
  | { op: 'conv'; kernel: Float32Array; bias: Float32Array; k: number; cin: number; cout: number }
  | {
      op: 'bn';
      gamma: Float32Array;
      beta: Float32Array;
      mean: Float32Array;
      variance: Float32Array;
      epsilon: number;
    }
  | { op: 'act'; type: ActivationOp; alpha?: number }
  /** to NCHW [c,h,w]; fromNhwc: the input is in NHWC order and needs a Transpose after the Reshape */
  | { op: 'reshape'; c: number; h: number; w: number; fromNhwc: boolean }
  | { op: 'd2s'; block: number };
