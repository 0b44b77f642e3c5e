"""DiffAugment as the app does it (training/diff-augment.ts, families/diff-augment-ops.ts).

draw_augment: per-image parameters drawn from a step's Rng in the app's order (all brightness, all
saturation, all contrast, then (dy, dx) per image, then the cutout centre per image).
augment_arrays: those parameters as colour scalars and one pixel-gather index per image.
apply_augment: colour ops, then the gather (index H*W reads 0), differentiable in the images.
"""
import math

import numpy as np
import torch

AUGMENT_PARAMS = 7
TRANSLATION_RATIO = 0.125
CUTOUT_RATIO = 0.5


def js_round(x):
    """JavaScript's Math.round (halves go up), not Python's banker's rounding."""
    return math.floor(x + 0.5)


def draw_augment(rng, n, size):
    out = np.zeros((n, AUGMENT_PARAMS), dtype=np.float64)
    for i in range(n):
        out[i, 0] = rng.next_float() - 0.5
    for i in range(n):
        out[i, 1] = rng.next_float() * 2
    for i in range(n):
        out[i, 2] = rng.next_float() + 0.5
    pad = js_round(size * TRANSLATION_RATIO)
    for i in range(n):
        out[i, 3] = math.floor(rng.next_float() * (2 * pad + 1)) - pad
        out[i, 4] = math.floor(rng.next_float() * (2 * pad + 1)) - pad
    for i in range(n):
        out[i, 5] = math.floor(rng.next_float() * size)
        out[i, 6] = math.floor(rng.next_float() * size)
    return out.astype(np.float32)


def augment_arrays(params, size):
    """brightness, saturation, contrast [n] float32 and the gather index [n, H*W] int64."""
    n = params.shape[0]
    hw = size * size
    cut = js_round(size * CUTOUT_RATIO)
    ys, xs = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
    ys = ys.reshape(1, hw)
    xs = xs.reshape(1, hw)
    dy, dx, cy, cx = (params[:, k : k + 1].astype(np.float64) for k in (3, 4, 5, 6))
    sy = ys + dy
    sx = xs + dx
    in_cut = (ys >= cy - cut / 2) & (ys < cy + cut / 2) & (xs >= cx - cut / 2) & (xs < cx + cut / 2)
    outside = (sy < 0) | (sy >= size) | (sx < 0) | (sx >= size)
    index = np.where(in_cut | outside, hw, sy * size + sx).astype(np.int64)
    return {
        "brightness": params[:, 0].copy(),
        "saturation": params[:, 1].copy(),
        "contrast": params[:, 2].copy(),
        "index": index,
    }


def apply_augment(x, a):
    """x [N, C, H, W]; a: tensors brightness/saturation/contrast [N] and index [N, H*W]."""
    n, c, h, w = x.shape
    per = lambda t: t.reshape(n, 1, 1, 1)  # noqa: E731
    y = x + per(a["brightness"])
    channel_mean = y.mean(dim=1, keepdim=True)
    y = (y - channel_mean) * per(a["saturation"]) + channel_mean
    image_mean = y.mean(dim=(1, 2, 3), keepdim=True)
    y = (y - image_mean) * per(a["contrast"]) + image_mean
    flat = torch.cat([y.reshape(n, c, h * w), y.new_zeros(n, c, 1)], dim=2)
    index = a["index"].reshape(n, 1, h * w).expand(n, c, h * w)
    return torch.gather(flat, 2, index).reshape(n, c, h, w)
