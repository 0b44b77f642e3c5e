import type { EvalMetric, EvalReport } from '../../../main/contract/eval-schemas';
import { createStore, type Store } from '../state/store';
import type { ActionContext } from './context';

export type ExtractorChoice = 'inception' | 'fashion-mnist' | 'onnx';
export type EvalStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** The Evaluate screen's form, its run and its answers. */
export interface EvaluateState {
  fakeKind: 'model' | 'folder';
  /** Library model id of the generated side (empty: the app's current model). */
  fakeModel: string;
  fakeFolder: string;
  /** Reference: a folder of images or a pytorch-fid .npz statistics file. */
  realPath: string;
  extractor: ExtractorChoice;
  extractorPath: string;
  metrics: Record<EvalMetric, boolean>;
  /** Cap on images from each side (model samples rendered). */
  count: number;
  status: EvalStatus;
  message: string | null;
  /** The job of the running evaluation (its progress entry and Cancel). */
  jobId: string | null;
  report: EvalReport | null;
  /** Saved evaluations of the chosen generated side, newest first. */
  history: EvalReport[];
  historyKey: string | null;
  exportDir: string;
  lastExport: string | null;
}

export const initialEvaluate: EvaluateState = {
  fakeKind: 'model',
  fakeModel: '',
  fakeFolder: '',
  realPath: '',
  extractor: 'inception',
  extractorPath: '',
  metrics: { fid: true, kid: true, pr: false, is: false, memorization: true },
  count: 500,
  status: 'idle',
  message: null,
  jobId: null,
  report: null,
  history: [],
  historyKey: null,
  exportDir: '',
  lastExport: null,
};

/**
 * The Evaluate screen keeps its own small store beside the studio's (one per engine connection),
 * so it survives switching screens without widening the shared StudioState.
 */
const stores = new WeakMap<ActionContext['store'], Store<EvaluateState>>();

export function evaluateStore(ctx: ActionContext): Store<EvaluateState> {
  let store = stores.get(ctx.store);
  if (!store) {
    store = createStore(initialEvaluate);
    stores.set(ctx.store, store);
  }
  return store;
}
