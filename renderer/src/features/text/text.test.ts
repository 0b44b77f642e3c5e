import { describe, expect, it } from 'vitest';
import { initialState } from '../../store/state';
import type { TrainRun } from '../../../../main/contract/training-schemas';
import type { Continuation } from '../../store/text';
import { continuationsText } from './text';
import { heldoutFor } from './text-eval';

const card = (over: Partial<Continuation>): Continuation => ({
  id: 'c1',
  modelId: 'text-1',
  modelName: 'letters TEXT (model)',
  prompt: 'She walked ',
  text: 'to the garden.',
  status: 'done',
  message: null,
  jobId: null,
  settings: { maxTokens: 14, temperature: 0.9, topK: 10, topP: 0.95, seed: 7 },
  favourite: false,
  ...over,
});

describe('Text screen', () => {
  it('exports each continuation after a header with its exact settings', () => {
    const text = continuationsText([
      card({}),
      card({ id: 'c2', favourite: true, status: 'cancelled', text: 'to' }),
    ]);
    expect(text).toBe(
      '### 1 · letters TEXT (model) · seed 7 · temperature 0.9 · top-k 10 · top-p 0.95 · max tokens 14\n' +
        'She walked to the garden.\n\n' +
        '### 2 ★ · letters TEXT (model) · seed 7 · temperature 0.9 · top-k 10 · top-p 0.95 · max tokens 14 · cancelled\n' +
        'She walked to\n',
    );
  });

  it("evaluates on the typed folder, else on the model's training run's held-out passages", () => {
    const run = { runId: 'r1', out: '/data/runs/letters-text', modelId: 'text-1' } as TrainRun;
    const base = {
      ...initialState,
      training: { ...initialState.training, runs: { r1: run } },
      text: { ...initialState.text, modelId: 'text-1' },
    };
    expect(heldoutFor(base)).toBe('/data/runs/letters-text/heldout');
    const typed = {
      ...base,
      text: { ...base.text, evaluation: { ...base.text.evaluation, heldout: ' /my/held ' } },
    };
    expect(heldoutFor(typed)).toBe('/my/held');
    expect(heldoutFor({ ...base, text: { ...base.text, modelId: 'other' } })).toBe('');
  });
});
