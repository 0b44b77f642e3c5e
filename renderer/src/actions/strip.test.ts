import { describe, expect, it } from 'vitest';
import { stripLatents } from './strip';

describe('stripLatents', () => {
  it('mixes consecutive waypoints so exported frames match the strip', () => {
    const a = { kind: 'seed' as const, seed: 1 };
    const b = { kind: 'seed' as const, seed: 2 };
    const ls = stripLatents([a, b], 3, 'slerp', false);
    expect(ls).toEqual([
      { kind: 'mix', method: 'slerp', a, b, t: 0 },
      { kind: 'mix', method: 'slerp', a, b, t: 0.5 },
      { kind: 'mix', method: 'slerp', a, b, t: 1 },
    ]);
    const looped = stripLatents([a, b], 4, 'lerp', true);
    expect(looped[3]).toEqual({ kind: 'mix', method: 'lerp', a: b, b: a, t: 0.5 });
  });
});
