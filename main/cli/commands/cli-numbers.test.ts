import { describe, expect, it } from 'vitest';
import { UsageError } from '../output';
import { latentFromArg, parseInteger } from './latent-args';
import { interpolateCommand, sampleCommand } from './sample-commands';
import { trainArgs } from './train-args';

const sample = (seed: string | undefined, count: string | undefined) =>
  sampleCommand({ model: 'any.onnx', out: '/tmp/never-written', seed, count }, true);

describe('CLI numbers are refused in words, never wrapped, rounded or truncated', () => {
  it.each([
    ['-1', '1', /--seed must be a whole number from 0 to 4294967295, not "-1"/],
    ['4294967296', '1', /--seed must be a whole number from 0 to 4294967295, not "4294967296"/],
    ['1.5', '1', /--seed must be a whole number/],
    ['0', '2.5', /--count must be a whole number from 1 to 10000, not "2.5"/],
    ['0', '0', /--count must be a whole number from 1 to 10000, not "0"/],
    ['0', '1000000', /--count must be a whole number from 1 to 10000, not "1000000"/],
    ['0', '', /--count must be a whole number/],
    ['4294967295', '3', /would run past the last seed, 4294967295/],
  ])('sample --seed %s --count %s', async (seed, count, words) => {
    const run = sample(seed, count);
    await expect(run).rejects.toThrow(UsageError);
    await expect(sample(seed, count)).rejects.toThrow(words);
  });

  it('interpolate --frames and seeds given as --from/--to', async () => {
    await expect(
      interpolateCommand({ model: 'm', from: '1', to: '2', out: '/tmp/x', frames: '3.5' }, true),
    ).rejects.toThrow(/--frames must be a whole number from 2 to 512, not "3.5"/);
    await expect(latentFromArg('4294967296', undefined)).rejects.toThrow(
      /--seed must be a whole number from 0 to 4294967295/,
    );
  });

  it('train counts: --steps 0 and --batch 2.5 are refused, not ignored or rounded', () => {
    expect(() => trainArgs({ out: 'o', steps: '2.5' }, true)).toThrow(
      /--steps must be a whole number 0 or more, not "2.5"/,
    );
    expect(() => trainArgs({ out: 'o', seed: '-3' }, true)).toThrow(/--seed must be a whole/);
    // 0 is a whole number; the config builder then refuses it with the other settings.
    expect(trainArgs({ out: 'o', steps: '0' }, true).settings.steps).toBe(0);
  });

  it('parseInteger keeps what it is given exactly', () => {
    expect(parseInteger('n', '4294967295', { max: 0xffffffff })).toBe(4294967295);
    expect(parseInteger('n', undefined, { fallback: 7 })).toBe(7);
    expect(() => parseInteger('n', undefined)).toThrow('--n is required');
  });
});
