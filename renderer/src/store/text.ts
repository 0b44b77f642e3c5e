import type { Frame } from '../../../main/contract/channels';
import type { BleuReport, TextModelInfo } from '../../../main/contract/autoregressive-schemas';

/** Generation settings as the Text screen's fields hold them (all set: what the user sees). */
export interface TextSettings {
  maxTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
}

/** One continuation of a prompt: streamed token by token, then kept with its exact settings. */
export interface Continuation {
  id: string;
  modelId: string;
  modelName: string;
  prompt: string;
  text: string;
  status: 'streaming' | 'done' | 'cancelled' | 'failed';
  message: string | null;
  jobId: string | null;
  settings: TextSettings;
  favourite: boolean;
}

export interface TextNllResult {
  bitsPerChar: number;
  perplexity: number;
  chars: number;
  passages: number;
}

/** The Evaluate block: BLEU of continuations of held-out passages, and bits/char on them. */
export interface TextEvaluation {
  heldout: string;
  promptChars: number;
  continuationChars: number;
  maxPassages: number;
  tokenize: '13a' | 'none';
  smooth: 'exp' | 'floor' | 'add-k' | 'none' | 'epsilon';
  status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  message: string | null;
  jobId: string | null;
  report: BleuReport | null;
  nll: TextNllResult | null;
  /** The model the shown results are of. */
  modelId: string | null;
}

/** The Text screen: text models, the prompt and its settings, continuations, evaluation. */
export interface TextState {
  models: TextModelInfo[];
  modelId: string;
  prompt: string;
  settings: TextSettings;
  /** How many continuations one Generate makes (seeds seed, seed+1, …). */
  generateCount: number;
  continuations: Continuation[];
  evaluation: TextEvaluation;
}

export const initialText: TextState = {
  models: [],
  modelId: '',
  prompt: '',
  settings: { maxTokens: 200, temperature: 1, topK: 0, topP: 1, seed: 0 },
  generateCount: 2,
  continuations: [],
  evaluation: {
    heldout: '',
    promptChars: 64,
    continuationChars: 64,
    maxPassages: 50,
    tokenize: '13a',
    smooth: 'exp',
    status: 'idle',
    message: null,
    jobId: null,
    report: null,
    nll: null,
    modelId: null,
  },
};

/** Live PixelCNN sampling in Explore: the images as rows arrive, and completion settings. */
export interface PixelCnnLive {
  jobId: string | null;
  /** Rows made so far (of `rows`); frames hold black below them, drawn transparent. */
  done: number;
  rows: number;
  frames: Frame[];
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  count: number;
  temperature: number | null;
  /** Completion: an image file whose top `keepRows` rows are kept (empty: sample from nothing). */
  completePath: string;
  keepRows: number;
}

export const initialPixelCnn: PixelCnnLive = {
  jobId: null,
  done: 0,
  rows: 0,
  frames: [],
  status: 'idle',
  count: 4,
  temperature: null,
  completePath: '',
  keepRows: 14,
};
