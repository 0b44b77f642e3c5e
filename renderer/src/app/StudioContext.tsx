import { createContext, useContext } from 'react';
import type { Actions } from '../actions';
import { useSlice, type Store } from '../state/store';
import type { StudioState } from '../state/studio';

export interface Studio {
  store: Store<StudioState>;
  actions: Actions;
}

export const StudioContext = createContext<Studio | null>(null);

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio outside StudioContext');
  return studio;
}

export function useStudioState<T>(selector: (s: StudioState) => T): T {
  return useSlice(useStudio().store, selector);
}

export function useActions(): Actions {
  return useStudio().actions;
}
