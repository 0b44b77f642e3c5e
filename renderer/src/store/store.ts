import { temporal, type TemporalState } from 'zundo';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProjectDoc } from './doc';
import { initialState, type StudioState } from './state';

/** How many steps undo goes back. */
export const UNDO_LIMIT = 200;
/** Edits to the same field closer together than this are one undo step (typing "1234"). */
export const COALESCE_MS = 1500;

type Tracked = { doc: ProjectDoc };

export type StudioStore = StoreApi<StudioState> & {
  temporal: StoreApi<TemporalState<Tracked>>;
  history: HistoryControl;
};

/**
 * Groups document changes into undo steps: a gesture (an anchor drag) is one step however many
 * moves it makes; edits under the same coalesce key in quick succession are one step.
 */
export interface HistoryControl {
  beginGesture(): void;
  endGesture(): void;
  /** The next document change belongs to `key` (e.g. 'sampling.seed'). */
  coalesceNext(key: string): void;
  /** Starts a fresh step for the next change (after undo/redo, or a save). */
  breakCoalescing(): void;
}

type HandleSet = (
  pastState: Tracked,
  replace: undefined,
  currentState: Tracked,
  deltaState?: Partial<Tracked> | null,
) => void;

function createHistoryControl() {
  let gesture: { recorded: boolean } | null = null;
  let pendingKey: string | null = null;
  let lastKey: string | null = null;
  let lastAt = 0;
  const control: HistoryControl = {
    beginGesture: () => void (gesture = { recorded: false }),
    endGesture: () => {
      gesture = null;
      lastKey = null;
    },
    coalesceNext: (key) => void (pendingKey = key),
    breakCoalescing: () => void (lastKey = null),
  };
  const wrap =
    (handleSet: HandleSet): HandleSet =>
    (past, replace, current, delta) => {
      if (gesture) {
        if (gesture.recorded) return;
        gesture.recorded = true;
        handleSet(past, replace, current, delta);
        return;
      }
      const key = pendingKey;
      pendingKey = null;
      const now = Date.now();
      const same = key !== null && key === lastKey && now - lastAt < COALESCE_MS;
      lastKey = key;
      lastAt = now;
      if (!same) handleSet(past, replace, current, delta);
    };
  return { control, wrap, clearPending: () => void (pendingKey = null) };
}

/**
 * The renderer's one store (zustand), with undo/redo of the document (zundo): only `doc` is
 * tracked, and a step is recorded only when `doc` changed (documents are replaced, never
 * mutated, so identity says it). Everything else is session state.
 */
export function createStudioStore(initial: Partial<StudioState> = {}): StudioStore {
  const history = createHistoryControl();
  const store = createStore<StudioState>()(
    temporal(() => ({ ...initialState, ...initial }), {
      partialize: (s): Tracked => ({ doc: s.doc }),
      equality: (a, b) => a.doc === b.doc,
      limit: UNDO_LIMIT,
      handleSet: (handleSet) => history.wrap(handleSet as HandleSet) as typeof handleSet,
    }),
  );
  const origSet = store.setState;
  // A coalesce key that did not lead to a document change must not stick to the next one.
  store.setState = ((...args: Parameters<typeof origSet>) => {
    try {
      origSet(...args);
    } finally {
      history.clearPending();
    }
  }) as typeof origSet;
  return Object.assign(store, { history: history.control });
}

/** Replaces the document without recording a step (opening a project, switching it). */
export function resetDoc(store: StudioStore, doc: ProjectDoc): void {
  const { pause, resume, clear } = store.temporal.getState();
  pause();
  try {
    store.setState({ doc });
  } finally {
    resume();
  }
  clear();
  store.history.breakCoalescing();
}
