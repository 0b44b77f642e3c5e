#!/usr/bin/env python3
"""PyTorch autograd references for the autoregressive layer kinds and losses.

The same recipe as make_op_grad_fixtures.py (L = sum(y * r) for a seeded cotangent r, gradients of
every input by torch.autograd), for the gated PixelCNN layers (masked convs: weight * constant
mask), the transformer layers (one-hot embedding, position table, layer norm, per-token dense,
causal self-attention with the mask added before the softmax, GELU) and the two losses (256-way
softmax NLL per sub-pixel, token cross-entropy). Writes test/fixtures/autodiff/autoregressive-grads.npz.

    /usr/bin/python3 scripts/autodiff/make_autoregressive_grad_fixtures.py
Debian python3-torch 1.13 (CPU), numpy.
"""
import math
import os
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261203)
arrays = {}


def rand(*shape, scale=1.0):
    return rng.standard_normal(shape) * scale


def case(name, fn, **inputs):
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in inputs.items()}
    y = fn(**tensors)
    r = torch.tensor(rand(*y.shape))
    (y * r).sum().backward()
    for k, v in inputs.items():
        arrays[f"{name}.{k}"] = np.asarray(v, dtype=np.float32)
        arrays[f"{name}.grad.{k}"] = tensors[k].grad.numpy().astype(np.float32)
    arrays[f"{name}.r"] = r.numpy().astype(np.float32)
    arrays[f"{name}.y"] = y.detach().numpy().astype(np.float32)


# ---- PixelCNN masks: a transcription of main/engine/nets/layers/pixelcnn-masks.ts ----
def group_of(c, count, groups):
    return (c * groups) // count


def gate_group_of(c, features, groups):
    return group_of(c % features, features, groups)


def vertical_mask(out, inp, k):
    m = np.zeros((out, inp, k, k))
    m[:, :, : k // 2 + 1, :] = 1
    return torch.tensor(m)


def horizontal_mask(out, inp, k, kind, og, ig):
    m = np.zeros((out, inp, 1, k))
    c = k // 2
    m[:, :, 0, :c] = 1
    for o in range(out):
        for i in range(inp):
            m[o, i, 0, c] = 1 if (og(o) > ig(i) if kind == "A" else og(o) >= ig(i)) else 0
    return torch.tensor(m)


def link_mask(out, inp):
    m = np.zeros((out, inp, 2, 1))
    m[:, :, 0, 0] = 1
    return torch.tensor(m)


def point_mask(out, inp, og, ig):
    return torch.tensor(np.array([[[[1.0 if og(o) >= ig(i) else 0.0]] for i in range(inp)] for o in range(out)]))


def gate(a, f):
    return torch.tanh(a[:, :f]) * torch.sigmoid(a[:, f:])


def stacks(v, h, vw, vb, hw, hb, lw, k, hmask, f):
    c = k // 2
    vpre = F.conv2d(v, vw * vertical_mask(2 * f, v.shape[1], k), vb, padding=c)
    hconv = F.conv2d(F.pad(h, (c, c, 0, 0)), hw * hmask, hb)
    link = F.conv2d(F.pad(vpre, (0, 0, 1, 0)), lw * link_mask(2 * f, 2 * f))
    return vpre, hconv + link


def pixel_input(x, vWeight, vBias, hWeight, hBias, linkWeight, f=6, k=3):
    colours = x.shape[1]
    hm = horizontal_mask(2 * f, colours, k, "A", lambda c: gate_group_of(c, f, colours), lambda c: c)
    vpre, hpre = stacks(x, x, vWeight, vBias, hWeight, hBias, linkWeight, k, hm, f)
    return torch.cat([gate(vpre, f), gate(hpre, f)], 1)


def gated_pixel(x, vWeight, vBias, hWeight, hBias, linkWeight, resWeight, resBias, k=3, g=3):
    f = x.shape[1] // 2
    v, h = x[:, :f], x[:, f:]
    hm = horizontal_mask(2 * f, f, k, "B", lambda c: gate_group_of(c, f, g), lambda c: group_of(c, f, g))
    vpre, hpre = stacks(v, h, vWeight, vBias, hWeight, hBias, linkWeight, k, hm, f)
    rm = point_mask(f, f, lambda c: group_of(c, f, g), lambda c: group_of(c, f, g))
    res = F.conv2d(gate(hpre, f), resWeight * rm, resBias)
    return torch.cat([gate(vpre, f), h + res], 1)


def pixel_output(x, weight1, bias1, weight2, bias2, hidden=6, levels=4, g=3):
    f = x.shape[1] // 2
    h = F.relu(x[:, f:])
    m1 = point_mask(hidden, f, lambda c: group_of(c, hidden, g), lambda c: group_of(c, f, g))
    hid = F.relu(F.conv2d(h, weight1 * m1, bias1))
    m2 = point_mask(g * levels, hidden, lambda c: c // levels, lambda c: group_of(c, hidden, g))
    return F.conv2d(hid, weight2 * m2, bias2)


f, k = 6, 3
case("pixel_input_rgb", pixel_input, x=rand(2, 3, 5, 5), vWeight=rand(2 * f, 3, k, k, scale=0.5),
     vBias=rand(2 * f), hWeight=rand(2 * f, 3, 1, k, scale=0.5), hBias=rand(2 * f),
     linkWeight=rand(2 * f, 2 * f, 2, 1, scale=0.3))
case("pixel_input_grey", lambda **a: pixel_input(**a, f=4), x=rand(2, 1, 4, 6),
     vWeight=rand(8, 1, k, k, scale=0.5), vBias=rand(8), hWeight=rand(8, 1, 1, k, scale=0.5),
     hBias=rand(8), linkWeight=rand(8, 8, 2, 1, scale=0.3))
case("gated_pixel_rgb", gated_pixel, x=rand(2, 2 * f, 5, 4), vWeight=rand(2 * f, f, k, k, scale=0.4),
     vBias=rand(2 * f), hWeight=rand(2 * f, f, 1, k, scale=0.4), hBias=rand(2 * f),
     linkWeight=rand(2 * f, 2 * f, 2, 1, scale=0.3), resWeight=rand(f, f, 1, 1, scale=0.4), resBias=rand(f))
case("pixel_output_rgb", pixel_output, x=rand(2, 2 * f, 3, 3), weight1=rand(6, f, 1, 1, scale=0.5),
     bias1=rand(6), weight2=rand(12, 6, 1, 1, scale=0.5), bias2=rand(12))


def pixel_nll(logits, onehot):
    # logits [N, C*L, H, W] (channel c*L + k), one-hot targets [N, C, L, H, W]: mean NLL in nats per
    # sub-pixel, the quantity the PixelCNN step minimises (bits/dim = this / ln 2).
    n, cl, h, w = logits.shape
    c = onehot.shape[1]
    lp = F.log_softmax(logits.reshape(n, c, cl // c, h, w), dim=2)
    return (-(lp * onehot).sum(2).mean()).reshape(1)


tgt = rng.integers(0, 4, size=(2, 3, 3, 3))
case("pixel_nll", lambda logits: pixel_nll(logits, torch.tensor(np.eye(4)[tgt].transpose(0, 1, 4, 2, 3))),
     logits=rand(2, 12, 3, 3))
arrays["pixel_nll.targets"] = tgt.astype(np.float32)


# ---- transformer layers ----
def layer_norm(x, gamma, beta):
    return F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=1e-5)


def attention(x, qkvWeight, qkvBias, outWeight, outBias, heads=2):
    n, t, d = x.shape
    hd = d // heads
    qkv = x @ qkvWeight + qkvBias
    q, k_, v = [qkv[:, :, i * d:(i + 1) * d].reshape(n, t, heads, hd).permute(0, 2, 1, 3) for i in range(3)]
    mask = torch.triu(torch.full((t, t), -1e9), diagonal=1)
    att = torch.softmax(q @ k_.transpose(-1, -2) / math.sqrt(hd) + mask, dim=-1)
    return (att @ v).permute(0, 2, 1, 3).reshape(n, t, d) @ outWeight + outBias


tokens = rng.integers(0, 7, size=(2, 5))
onehot = np.eye(7)[tokens]
case("embedding", lambda weight: torch.tensor(onehot) @ weight, weight=rand(7, 4))
arrays["embedding.tokens"] = tokens.astype(np.float32)
case("position_embedding", lambda x, table: x + table, x=rand(2, 5, 4), table=rand(5, 4))
case("layer_norm", layer_norm, x=rand(2, 5, 6, scale=2.0) + 0.3, gamma=rand(6), beta=rand(6))
case("token_dense", lambda x, weight, bias: x @ weight + bias, x=rand(2, 5, 4), weight=rand(4, 3), bias=rand(3))
case("causal_attention", attention, x=rand(2, 5, 4), qkvWeight=rand(4, 12, scale=0.5), qkvBias=rand(12),
     outWeight=rand(4, 4, scale=0.5), outBias=rand(4))
case("gelu", lambda x: F.gelu(x, approximate="tanh"), x=rand(3, 7, scale=2.0))
targets = rng.integers(0, 6, size=(2, 4))
case("token_xent", lambda logits: F.cross_entropy(logits.reshape(-1, 6), torch.tensor(targets.reshape(-1))).reshape(1),
     logits=rand(2, 4, 6))
arrays["token_xent.targets"] = targets.astype(np.float32)

out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "autodiff", "autoregressive-grads.npz")
os.makedirs(os.path.dirname(out), exist_ok=True)
np.savez(out, **arrays)
print(f"wrote {len(arrays)} arrays to {os.path.normpath(out)}")
