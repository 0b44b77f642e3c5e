import { describe, expect, it } from 'vitest';
import { createRng } from '../latent/prng';
import { findNearDuplicates, hammingDistance, perceptualHash } from './perceptual-hash';

function randomHash(rng: ReturnType<typeof createRng>): bigint {
  return (BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32());
}

function flipBits(hash: bigint, count: number, rng: ReturnType<typeof createRng>): bigint {
  const bits = new Set<number>();
  while (bits.size < count) bits.add(rng.nextUint32() % 64);
  for (const b of bits) hash ^= 1n << BigInt(b);
  return hash;
}

describe('perceptualHash', () => {
  it('ignores brightness, barely moves under pixel noise, and differs for different pictures', () => {
    const rng = createRng(3);
    // 8×8 random blocks scaled to 32×32 (like the fixtures), values 20..219 so +10 never clips.
    const blocks = () => {
      const cells = Array.from({ length: 64 }, () => 20 + (rng.nextUint32() % 200));
      return Uint8Array.from(
        { length: 1024 },
        (_, i) => cells[Math.floor(i / 128) * 8 + Math.floor((i % 32) / 4)]!,
      );
    };
    const picture = blocks();
    const hash = perceptualHash(picture);
    expect(perceptualHash(picture.map((v) => v + 10))).toBe(hash); // only the DC term changes
    const noisy = picture.map((v) => v + (rng.nextUint32() % 7) - 3);
    expect(hammingDistance(hash, perceptualHash(noisy))).toBeLessThanOrEqual(6);
    expect(hammingDistance(hash, perceptualHash(blocks()))).toBeGreaterThan(16);
  });
});

describe('findNearDuplicates', () => {
  it('finds exactly the pairs a brute-force comparison finds', () => {
    const rng = createRng(11);
    const hashes: bigint[] = [];
    for (let i = 0; i < 400; i++) {
      const base = randomHash(rng);
      hashes.push(base);
      if (i % 5 === 0) hashes.push(flipBits(base, i % 9, rng)); // 0..8 bits away: some in, some out
    }
    const brute: Array<[number, number]> = [];
    for (let j = 0; j < hashes.length; j++)
      for (let i = 0; i < j; i++)
        if (hammingDistance(hashes[i]!, hashes[j]!) <= 6) brute.push([i, j]);
    const { pairs, truncated } = findNearDuplicates(hashes, 6);
    expect(truncated).toBe(false);
    expect(brute.length).toBeGreaterThan(40);
    expect(pairs).toEqual(brute);
  });

  it('handles 50 000 hashes without comparing every pair', () => {
    const rng = createRng(5);
    const hashes = Array.from({ length: 50_000 }, () => randomHash(rng));
    hashes.push(flipBits(hashes[123]!, 3, rng));
    const start = performance.now();
    const { pairs } = findNearDuplicates(hashes);
    expect(pairs).toEqual([[123, 50_000]]);
    expect(performance.now() - start).toBeLessThan(10_000); // ~1 s here; brute force: 1.25 billion comparisons
  });

  it('stops listing at maxPairs and says so', () => {
    const same = Array.from({ length: 30 }, () => 0x1234n);
    const { pairs, truncated } = findNearDuplicates(same, 6, 100);
    expect(pairs.length).toBe(100);
    expect(truncated).toBe(true);
  });
});
