import { describe, expect, it } from 'vitest';
import { buildRequest } from './evaluate';
import { initialEvaluate, type EvaluateState } from '../../store/evaluate';

const form = (patch: Partial<EvaluateState>): EvaluateState => ({ ...initialEvaluate, ...patch });

describe('the Evaluate form as an eval.run request', () => {
  it('evaluates the current model against a training folder with the default extractor', () => {
    const built = buildRequest(form({ realPath: ' /data/cats ', count: 64 }), 'bundled-vae');
    expect(built).toEqual({
      request: {
        metrics: ['fid', 'kid', 'memorization'],
        fake: { kind: 'model', model: 'bundled-vae', count: 64 },
        real: { kind: 'folder', path: '/data/cats' },
        extractor: undefined,
        count: 64,
      },
    });
  });

  it('takes a folder of samples, an .npz reference and an ONNX extractor path', () => {
    const built = buildRequest(
      form({
        fakeKind: 'folder',
        fakeFolder: '/out/samples',
        realPath: '/stats/train.NPZ',
        metrics: { fid: true, kid: false, pr: false, is: false, memorization: false },
        extractor: 'onnx',
        extractorPath: '/x/tiny.onnx',
      }),
      null,
    );
    expect('request' in built && built.request).toMatchObject({
      fake: { kind: 'folder', path: '/out/samples' },
      real: { kind: 'stats', path: '/stats/train.NPZ' },
      extractor: '/x/tiny.onnx',
    });
  });

  it('says in words what is missing', () => {
    const none = { fid: false, kid: false, pr: false, is: false, memorization: false };
    expect(buildRequest(form({ metrics: none }), 'm')).toEqual({
      error: 'Tick at least one metric.',
    });
    expect(buildRequest(form({ realPath: '/r' }), null)).toEqual({
      error: 'Choose the model to evaluate.',
    });
    expect(buildRequest(form({}), 'm')).toMatchObject({ error: /need|compare with a reference/ });
    expect(buildRequest(form({ realPath: '/r.npz' }), 'm')).toMatchObject({
      error: /statistics file \(\.npz\)/,
    });
    expect(
      buildRequest(form({ realPath: '/r', extractor: 'onnx', extractorPath: ' ' }), 'm'),
    ).toMatchObject({ error: /ONNX extractor/ });
    // Inception Score alone needs no reference.
    const isOnly = { ...none, is: true };
    expect(buildRequest(form({ metrics: isOnly }), 'm')).toMatchObject({
      request: { metrics: ['is'], real: undefined },
    });
  });
});
