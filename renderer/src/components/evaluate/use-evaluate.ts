import type { ActionContext } from '../../actions';
import { evaluateStore, type EvaluateState } from '../../actions/evaluate-state';
import { useStudio } from '../../app/StudioContext';
import { useSlice } from '../../state/store';

/** The action context of this window (api + studio store): what the evaluate actions take. */
export function useEvalContext(): ActionContext {
  return useStudio().actions.ctx;
}

/** Subscribes to one field of the Evaluate screen's store. */
export function useEvaluate<T>(selector: (e: EvaluateState) => T): T {
  return useSlice(evaluateStore(useEvalContext()), selector);
}
