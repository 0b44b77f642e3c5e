import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, Req } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { loadTextModel } from '../../main/engine/autoregressive/onnx-models';
import { readManifest, manifestPathFor } from '../../main/engine/models/manifest';
import { openTempStudio } from '../support/temp-studio';
import { tinyTextModel, type TinyRun } from './tiny-runs';

/**
 * The text channels through the one dispatch gate every shell uses: import into the text
 * library, generation streamed as text.token events (the same text the engine's model gives for
 * the same seed, so every shell agrees), cancellation between tokens, held-out bits/char and
 * BLEU, and malformed payloads refused before any handler runs.
 */
let run: TinyRun;
let temp: Awaited<ReturnType<typeof openTempStudio>>;
let modelId: string;

const call = async <C extends ChannelName>(channel: C, request: Req<C>) => {
  const r = await dispatch(temp.studio.handlers, channel, request);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as never;
};

beforeAll(async () => {
  run = await tinyTextModel();
  temp = await openTempStudio('browser');
  const { model } = await call('text.import', { path: run.file, name: 'Tiny text' });
  modelId = (model as { id: string }).id;
}, 900_000);
afterAll(() => temp.close());

describe('text channels', () => {
  it('lists the imported model, and the image library does not', async () => {
    const { models } = await call('text.models', {});
    expect((models as { id: string; name: string }[]).map((m) => m.name)).toContain('Tiny text');
    const images = await call('models.list', {});
    expect((images as { models: { path: string }[] }).models.map((m) => m.path)).not.toContain(
      run.file,
    );
  });

  it('streams tokens and gives the text the model gives for the same seed', async () => {
    const streamed: string[] = [];
    const off = temp.studio.onEvent((event, payload) => {
      const p = payload as { jobId: string; text: string };
      if (event === 'text.token' && p.jobId === 'gen-1') streamed.push(p.text);
    });
    const settings = { maxTokens: 30, temperature: 0.9, topK: 10, topP: 0.95, seed: 42 };
    const r = (await call('text.generate', {
      modelId,
      prompt: 'She walked ',
      settings,
      jobId: 'gen-1',
    })) as { text: string; tokens: number; settings: typeof settings };
    off();
    expect(r.tokens).toBe(30);
    expect(streamed.join('')).toBe(r.text);
    expect(r.settings).toEqual(settings);
    const manifest = await readManifest(manifestPathFor(run.file, 'onnx'));
    if (manifest?.autoregressive?.modality !== 'text') throw new Error('no text manifest');
    const direct = await loadTextModel(run.file, manifest.autoregressive);
    expect((await direct.generate('She walked ', settings)).text).toBe(r.text);
    await direct.dispose();
  });

  it('stops between tokens when the job is cancelled', async () => {
    let cancelled = false;
    const off = temp.studio.onEvent((event, payload) => {
      if (
        event === 'text.token' &&
        (payload as { jobId: string }).jobId === 'gen-2' &&
        !cancelled
      ) {
        cancelled = true;
        void dispatch(temp.studio.handlers, 'job.cancel', { jobId: 'gen-2' });
      }
    });
    const r = await dispatch(temp.studio.handlers, 'text.generate', {
      modelId,
      prompt: 'The',
      settings: { maxTokens: 4000 },
      jobId: 'gen-2',
    });
    off();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CANCELLED');
  });

  it('measures bits per character and BLEU on the held-out passages, reproducibly', async () => {
    const heldout = join(run.out, 'heldout');
    const nll = (await call('text.nll', { modelId, source: heldout })) as {
      bitsPerChar: number;
      perplexity: number;
    };
    expect(nll.bitsPerChar).toBeGreaterThan(1);
    expect(nll.perplexity).toBeCloseTo(2 ** nll.bitsPerChar, 10);
    const request = {
      modelId,
      heldout,
      promptChars: 24,
      continuationChars: 40,
      maxPassages: 2,
    };
    const a = (await call('text.bleu', request)) as {
      bleu: number;
      precisions: number[];
      sampling: { temperature: number; seed: number };
    };
    expect(a.precisions).toHaveLength(4);
    expect(a.sampling).toMatchObject({ temperature: 0.8, seed: 1 });
    expect(await call('text.bleu', request)).toEqual(a);
  });

  it('refuses malformed payloads in words', async () => {
    const r = await dispatch(temp.studio.handlers, 'text.generate', {
      modelId,
      prompt: 'x',
      settings: { topP: 2 },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_REQUEST');
      expect(r.error.message).toMatch(/settings\.topP/);
    }
    const missing = await dispatch(temp.studio.handlers, 'text.generate', {
      modelId: join(run.out, 'no-such-model.onnx'),
      prompt: 'x',
    });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toMatch(/no-such-model/);
  });
});
