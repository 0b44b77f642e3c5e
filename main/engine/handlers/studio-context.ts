import type { EventHub } from '../events';
import type { ModelLibrary } from '../library/model-library';
import type { InferenceScheduler } from '../render/inference-scheduler';
import type { JobRegistry } from '../render/jobs';
import type { FavouritesStore } from '../settings/favourites-store';
import type { WritePolicy } from '../io/write-target';

/** Everything a handler needs; built once per engine in studio.ts. */
export interface StudioContext {
  dataDir: string;
  shell: 'electron' | 'browser' | 'cli';
  library: ModelLibrary;
  scheduler: InferenceScheduler;
  jobs: JobRegistry;
  events: EventHub;
  favourites: FavouritesStore;
  /** Where requests may make the engine write, and whether it may replace files (io/write-target.ts). */
  writes: WritePolicy;
}
