import type { Frame, SamplingRequest } from '../../../main/contract/channels';
import { createStore, type Store } from '../state/store';

/** The live denoising view: the x0 guess of the latest step of the running (or last) job. */
export interface LiveDenoise {
  jobId: string | null;
  step: number;
  total: number;
  timestep: number | null;
  frame: Frame | null;
}

/**
 * Diffusion UI state, kept apart from the studio store so the panels that render, export and
 * restore images need not know about diffusion: sampling-api.ts adds `sampling` to their
 * requests for diffusion models, and takes it back from a dropped PNG.
 */
export interface DiffusionState {
  /** What the user chose; missing fields take the model's defaults (shown as placeholders). */
  sampling: SamplingRequest;
  live: LiveDenoise;
}

export const idleLive: LiveDenoise = {
  jobId: null,
  step: 0,
  total: 0,
  timestep: null,
  frame: null,
};

export function createDiffusionStore(): Store<DiffusionState> {
  return createStore<DiffusionState>({ sampling: {}, live: idleLive });
}

/** The page's one diffusion store (main.tsx wires it into the api; the panel reads it). */
export const diffusionStore = createDiffusionStore();
