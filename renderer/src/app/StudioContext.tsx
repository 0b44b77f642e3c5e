import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CommandId } from '../../../main/contract/command-ids';
import { getCommand, type CommandArgs } from '../commands/registry';
import type { StudioState } from '../store/state';
import type { StudioStore } from '../store/store';
import type { Actions } from './actions';

export interface Studio {
  store: StudioStore;
  actions: Actions;
}

export const StudioContext = createContext<Studio | null>(null);

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio outside StudioContext');
  return studio;
}

/** Subscribes a component to one slice; the selector must return a stable value (a field). */
export function useStudioState<T>(selector: (s: StudioState) => T): T {
  return useStore(useStudio().store, selector);
}

export function useActions(): Actions {
  return useStudio().actions;
}

/** A command for a button: whether it is enabled now, and how to run it (with its arguments). */
export function useCommand<Id extends CommandId>(
  id: Id,
): { enabled: boolean; run: (args?: CommandArgs<Id>) => void } {
  const { actions } = useStudio();
  const enabled = useStudioState((state) => getCommand(id)?.enabled({ state, actions }) ?? false);
  return { enabled, run: (args) => void actions.run(id, args) };
}

/** Whether undo / redo have a step to take (re-renders when the history changes). */
export function useHistory(): { canUndo: boolean; canRedo: boolean } {
  const { store } = useStudio();
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}
