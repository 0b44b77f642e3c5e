import { describe, expect, it } from 'vitest';
import type { Handlers } from './channels';
import { dispatch, MAX_PAYLOAD_DEPTH, nestsDeeperThan } from './dispatch';

// Handlers that record what reached them; the gate is what is under test.
const seen: unknown[] = [];
const handlers = new Proxy({} as Handlers, {
  get: () => async (request: unknown) => {
    seen.push(request);
    return { frame: { width: 1, height: 1, rgba: new Uint8Array(4), seed: null } };
  },
});

describe('dispatch never throws, whatever a shell hands it', () => {
  it.each([
    [{ toString: 1 }, 'a value of type object'],
    [
      {
        toString: () => {
          throw new Error('boom');
        },
      },
      'a value of type object',
    ],
    [Symbol('x'), 'a value of type symbol'],
    [['app.info'], 'an array'],
    [null, 'null'],
    ['x'.repeat(500), `"${'x'.repeat(80)}"`],
  ])('channel %#: UNKNOWN_CHANNEL in words', async (channel, words) => {
    const result = await dispatch(handlers, channel, {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel: ${words}` },
    });
  });

  it('refuses a payload nested too deep before the schema recurses into it', async () => {
    let latent: unknown = { kind: 'seed', seed: 1 };
    for (let i = 0; i < 5000; i++)
      latent = { kind: 'mix', method: 'lerp', a: latent, b: latent, t: 0 };
    const result = await dispatch(handlers, 'render.frame', { modelId: 'm', latent });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!result.ok && result.error.message).toMatch(
      `nested more than ${MAX_PAYLOAD_DEPTH} levels`,
    );
  });

  it('counts depth without recursion, and stops on cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(nestsDeeperThan(cyclic, 10)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: new Uint8Array(10) }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
  });

  it('names live-frame streams per connection', async () => {
    seen.length = 0;
    const latent = { kind: 'seed', seed: 1 };
    await dispatch(
      handlers,
      'render.frame',
      { modelId: 'm', latent, stream: 'probe' },
      { connection: 'ws3' },
    );
    await dispatch(handlers, 'render.frame', { modelId: 'm', latent, stream: 'probe' });
    expect(seen).toMatchObject([{ stream: 'ws3/probe' }, { stream: 'probe' }]);
  });
});
