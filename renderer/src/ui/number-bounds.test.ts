import { describe, expect, it } from 'vitest';
import { channels } from '../../../main/contract/channels';
import { seedSchema, truncationSchema } from '../../../main/contract/latent-spec';
import { trainConfigSchema } from '../../../main/contract/training-schemas';
import { numberBounds } from './number-bounds';

describe('form bounds come from the contract schemas', () => {
  it('reads integer bounds, optional fields and open ends', () => {
    expect(numberBounds(seedSchema)).toEqual({ min: 0, max: 0xffffffff, integer: true });
    expect(numberBounds(channels['render.grid'].request.shape.count)).toEqual({
      min: 1,
      max: 256,
      integer: true,
    });
    expect(numberBounds(trainConfigSchema.shape.evalEvery)).toEqual({
      min: 0,
      max: null,
      integer: true,
    });
    expect(numberBounds(truncationSchema)).toEqual({ min: 0, max: 2, integer: false });
  });

  it('an exclusive minimum (a positive learning rate) is the bound, and the schema refuses it', () => {
    const lr = trainConfigSchema.shape.learningRate;
    expect(numberBounds(lr)).toMatchObject({ min: 0, max: 1, integer: false });
    expect(lr.safeParse(0).success).toBe(false);
    expect(lr.safeParse(0.0002).success).toBe(true);
  });
});
