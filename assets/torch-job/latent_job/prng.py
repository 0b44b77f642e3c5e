"""The app's randomness, bit for bit (main/engine/latent/prng.ts and training/step-rng.ts).

createRng(seed): splitmix32 seeding of xoshiro128**; next_float = (u32 >> 8) / 2^24; next_normal is
Box-Muller in float64 with the sine cached for the next call. step_rng(seed, step, stream) seeds one
from a murmur3-finaliser hash of (seed, step, stream id), so a step's z, noise and augmentation
depend on nothing but the step number. epoch_order is the data loader's Fisher-Yates order.

Python's libm and V8's may differ by an ulp in log/cos/sin; values are rounded to float32 (as the
app stores them), which absorbs that in practically every draw.
"""
import math

import numpy as np

M32 = 0xFFFFFFFF
TWO_POW_24 = 16777216.0


def _mix(z):
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
    return (z ^ (z >> 16)) & M32


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Rng:
    """xoshiro128** seeded by splitmix32: the app's createRng(seed)."""

    __slots__ = ("s0", "s1", "s2", "s3", "cached")

    def __init__(self, seed):
        if not isinstance(seed, int) or seed < 0 or seed > M32:
            raise ValueError(f"A seed must be a whole number from 0 to 4294967295, not {seed}.")
        x = seed
        words = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & M32
            words.append(_mix(x))
        self.s0, self.s1, self.s2, self.s3 = words
        self.cached = None

    def next_uint32(self):
        s0, s1, s2, s3 = self.s0, self.s1, self.s2, self.s3
        result = (_rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.s0, self.s1, self.s2, self.s3 = s0, s1, s2, s3
        return result

    def next_float(self):
        return (self.next_uint32() >> 8) / TWO_POW_24

    def next_normal(self):
        if self.cached is not None:
            value = self.cached
            self.cached = None
            return value
        u1 = 1 - self.next_float()
        u2 = self.next_float()
        r = math.sqrt(-2 * math.log(u1))
        angle = 2 * math.pi * u2
        self.cached = r * math.sin(angle)
        return r * math.cos(angle)


STREAMS = {
    "z-d": 1,
    "z-g": 2,
    "augment-real": 3,
    "augment-fake": 4,
    "vae-eps": 5,
    "init": 6,
    "shuffle": 7,
    "augment-g": 8,
}


def _fmix32(h):
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & M32
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & M32
    return (h ^ (h >> 16)) & M32


def hash_seed(*words):
    """step-rng.ts hashSeed: the words folded with the murmur3 finaliser."""
    h = 0x2545F491
    for w in words:
        h = _fmix32(((h ^ _fmix32(w & M32)) + 0x9E3779B9) & M32)
    return h


def step_rng(seed, step, stream):
    """The generator for one purpose (a stream name) at one step of the run seeded `seed`."""
    return Rng(hash_seed(seed, step, STREAMS[stream]))


def normals(rng, count):
    """`count` standard normals as float32, in the app's order."""
    out = np.empty(count, dtype=np.float64)
    for i in range(count):
        out[i] = rng.next_normal()
    return out.astype(np.float32)


def epoch_order(count, seed, epoch):
    """dataset/epoch-order.ts: epoch e visits every sample once, Fisher-Yates from a seeded Rng."""
    rng = Rng((seed ^ (((epoch + 1) * 0x9E3779B9) & M32)) & M32)
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = rng.next_uint32() % (i + 1)
        order[i], order[j] = order[j], order[i]
    return np.asarray(order, dtype=np.int64)
