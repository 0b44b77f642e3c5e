import type { Frame } from '../../../main/contract/channels';
import type {
  BuiltInExtractorId,
  EvalMetric,
  EvalReport,
} from '../../../main/contract/eval-schemas';

/** A built-in extractor by id, or 'onnx' for a path typed beside it. */
export type ExtractorChoice = BuiltInExtractorId | 'onnx';
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
  /** Pictures of the shown report's nearest-neighbour pairs (sample, training image), in order. */
  pairPictures: { reportId: string; list: [PairPicture, PairPicture][] };
}

/** A thumbnail, or why it could not be shown. */
export type PairPicture = Frame | { error: string };

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
  pairPictures: { reportId: '', list: [] },
};
