/**
 * Perceptual hash (pHash, as in the widely used `imagehash` library) and a near-duplicate finder.
 *
 * pHash: the image as 32×32 grayscale → 2-D DCT-II → the 8×8 lowest frequencies (DC included) →
 * bit k is 1 when coefficient k is above the median of those 64. Re-encoding, resizing and mild
 * colour changes move few bits; different pictures differ in about half of them.
 */
export const HASH_SIDE = 32;
const LOW = 8;

// cos((2x + 1) u π / 64) for the 8 frequencies we keep: the separable DCT needs only these.
const COS = Array.from({ length: LOW }, (_, u) =>
  Float64Array.from({ length: HASH_SIDE }, (_, x) =>
    Math.cos(((2 * x + 1) * u * Math.PI) / (2 * HASH_SIDE)),
  ),
);

/** `gray` is 32×32 bytes, row-major. Returns the 64-bit hash (bit 0 = coefficient (0,0)). */
export function perceptualHash(gray: Uint8Array): bigint {
  if (gray.length !== HASH_SIDE * HASH_SIDE)
    throw new Error(`pHash needs ${HASH_SIDE}×${HASH_SIDE} pixels`);
  const rows = new Float64Array(HASH_SIDE * LOW); // DCT along x: [y][u]
  for (let y = 0; y < HASH_SIDE; y++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let x = 0; x < HASH_SIDE; x++) sum += gray[y * HASH_SIDE + x]! * COS[u]![x]!;
      rows[y * LOW + u] = sum;
    }
  }
  const coefficients = new Float64Array(LOW * LOW); // then along y: [v][u]
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < HASH_SIDE; y++) sum += rows[y * LOW + u]! * COS[v]![y]!;
      coefficients[v * LOW + u] = sum;
    }
  }
  const sorted = Float64Array.from(coefficients).sort();
  const median = (sorted[31]! + sorted[32]!) / 2;
  let hash = 0n;
  coefficients.forEach((c, k) => {
    if (c > median) hash |= 1n << BigInt(k);
  });
  return hash;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

export function hammingDistance(a: bigint, b: bigint): number {
  const x = a ^ b;
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number(x >> 32n));
}

/**
 * Index pairs [i, j] (i < j) whose hashes differ in at most `maxDistance` bits, sorted.
 *
 * Comparing every pair is O(n²): 50 000 images would be 1.25 billion comparisons. Instead a
 * multi-index: the 64 bits are cut into maxDistance + 1 disjoint bands. Two hashes within
 * maxDistance bits differ in at most maxDistance bands, so (pigeonhole) at least one band is
 * identical — only images sharing some band value are compared. With 7 bands of 9–10 bits a bucket
 * holds about n/700 unrelated images, so the work is roughly n²/100 cheap 32-bit popcounts at
 * worst for random hashes, and far less for typical folders. Folders full of one picture (say, blank
 * frames) still produce many true pairs; the list stops at `maxPairs` and says so.
 */
export function findNearDuplicates(
  hashes: readonly bigint[],
  maxDistance = 6,
  maxPairs = 10_000,
): { pairs: Array<[number, number]>; truncated: boolean } {
  const n = hashes.length;
  // Plain 32-bit halves: popcounts on numbers are ~50× faster than on bigints.
  const hi = Uint32Array.from(hashes, (h) => Number(h >> 32n));
  const lo = Uint32Array.from(hashes, (h) => Number(h & 0xffffffffn));
  const bandCount = maxDistance + 1;
  const bounds = Array.from({ length: bandCount + 1 }, (_, b) => Math.round((b * 64) / bandCount));
  const buckets = Array.from({ length: bandCount }, () => new Map<number, number[]>());
  const lastComparedWith = new Int32Array(n).fill(-1); // so a pair sharing several bands is counted once
  const pairs: Array<[number, number]> = [];
  let truncated = false;
  for (let j = 0; j < n; j++) {
    for (let b = 0; b < bandCount; b++) {
      const width = BigInt(bounds[b + 1]! - bounds[b]!);
      const key = Number((hashes[j]! >> BigInt(bounds[b]!)) & ((1n << width) - 1n));
      const bucket = buckets[b]!.get(key);
      if (!bucket) {
        buckets[b]!.set(key, [j]);
        continue;
      }
      for (const i of bucket) {
        if (lastComparedWith[i] === j) continue;
        lastComparedWith[i] = j;
        if (popcount32((hi[i]! ^ hi[j]!) >>> 0) + popcount32((lo[i]! ^ lo[j]!) >>> 0) > maxDistance)
          continue;
        if (pairs.length >= maxPairs) truncated = true;
        else pairs.push([i, j]);
      }
      bucket.push(j);
    }
  }
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return { pairs, truncated };
}
