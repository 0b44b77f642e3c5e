#!/usr/bin/env python3
"""PyTorch autograd references for the training-graph compiler (main/engine/autodiff).

For every layer kind the trainers use, draws seeded inputs and parameters, computes the op, the
scalar L = sum(y * r) for a seeded cotangent r (so dL/dy = r), and the gradients of L with respect
to every input, with torch.autograd. Writes test/fixtures/autodiff/op-grads.npz: arrays
"<case>.<name>" for inputs, "<case>.r", "<case>.y" and "<case>.grad.<name>".
The TypeScript test builds the same op with OnnxOps and TfjsOps and compares (1e-4 relative).

    /usr/bin/python3 scripts/autodiff/make_op_grad_fixtures.py
Debian python3-torch 1.13 (CPU), numpy.
"""
import os
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)  # references in float64; the test compares float32 runs
rng = np.random.default_rng(20261202)
arrays = {}


def rand(*shape, scale=1.0):
    return rng.standard_normal(shape) * scale


def case(name, fn, **inputs):
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in inputs.items()}
    y = fn(**tensors)
    r = torch.tensor(rand(*y.shape))
    (y * r).sum().backward()
    for k, v in inputs.items():
        arrays[f"{name}.{k}"] = v.astype(np.float32)
        arrays[f"{name}.grad.{k}"] = tensors[k].grad.numpy().astype(np.float32)
    arrays[f"{name}.r"] = r.numpy().astype(np.float32)
    arrays[f"{name}.y"] = y.detach().numpy().astype(np.float32)


def bn_train(x, gamma, beta):
    return F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)


def group_norm(x, gamma, beta):
    return F.group_norm(x, 2, gamma, beta, eps=1e-5)


def gather_pixels(x):
    # The index the TS test also builds: shift right by 1 column, last column reads 0 (padding).
    n, c, h, w = x.shape
    flat = torch.cat([x.reshape(n, c, h * w), torch.zeros(n, c, 1)], dim=2)
    idx = np.array([[(yy * w + xx - 1) if xx > 0 else h * w for yy in range(h) for xx in range(w)]] * n)
    idx[1, :5] = h * w  # a cutout in the second image
    arrays["gather.index"] = idx.astype(np.float32)
    index = torch.tensor(idx).unsqueeze(1).expand(n, c, h * w)
    return torch.gather(flat, 2, index).reshape(n, c, h, w)


case("dense", lambda x, w, b: x @ w + b, x=rand(4, 6), w=rand(6, 5), b=rand(5))
case("conv_k4s2p1", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1), x=rand(2, 3, 8, 8), w=rand(5, 3, 4, 4), b=rand(5))
case("conv_k3s1p1", lambda x, w: F.conv2d(x, w, None, stride=1, padding=1), x=rand(2, 4, 6, 6), w=rand(3, 4, 3, 3))
case("conv_k4s1p0", lambda x, w: F.conv2d(x, w, None, stride=1, padding=0), x=rand(3, 4, 4, 4), w=rand(1, 4, 4, 4))
case("conv_k3s2p1_odd", lambda x, w: F.conv2d(x, w, None, stride=2, padding=1), x=rand(2, 3, 7, 7), w=rand(4, 3, 3, 3))
case("convT_k4s1p0", lambda x, w: F.conv_transpose2d(x, w, None, stride=1, padding=0), x=rand(3, 6, 1, 1), w=rand(6, 4, 4, 4))
case("convT_k4s2p1", lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1), x=rand(2, 5, 4, 4), w=rand(5, 3, 4, 4), b=rand(3))
case("bn_train4d", bn_train, x=rand(4, 3, 5, 5, scale=2.0) + 0.5, gamma=rand(3), beta=rand(3))
case("bn_train2d", bn_train, x=rand(6, 4), gamma=rand(4), beta=rand(4))
case("groupnorm", group_norm, x=rand(2, 4, 3, 3), gamma=rand(4), beta=rand(4))
case("relu", lambda x: F.relu(x), x=rand(3, 7))
case("leakyrelu", lambda x: F.leaky_relu(x, 0.2), x=rand(3, 7))
case("silu", lambda x: F.silu(x), x=rand(3, 7))
case("tanh", lambda x: torch.tanh(x), x=rand(3, 7))
case("sigmoid", lambda x: torch.sigmoid(x), x=rand(3, 7))
case("softplus", lambda x: F.softplus(x), x=rand(3, 7, scale=3.0))
def depth_to_space_dcr(x, b=2):
    # ONNX DepthToSpace, mode DCR (TensorFlow's order; PyTorch's pixel_shuffle is CRD).
    n, c, h, w = x.shape
    t = x.reshape(n, b, b, c // (b * b), h, w).permute(0, 3, 4, 1, 5, 2)
    return t.reshape(n, c // (b * b), h * b, w * b)


case("depth_to_space", depth_to_space_dcr, x=rand(2, 8, 3, 3))
case("concat_add", lambda a, b: torch.cat([a, b], dim=1) + torch.cat([b, a], dim=1), a=rand(2, 3, 2, 2), b=rand(2, 3, 2, 2))
case("reshape_flatten", lambda x: x.reshape(2, -1) * 2.0, x=rand(2, 3, 2, 2))
case("softmax", lambda x: torch.softmax(x, dim=-1), x=rand(3, 5))
case("log_softmax", lambda x: torch.log_softmax(x, dim=-1), x=rand(3, 5))
case("matmul_batched", lambda a, b: a @ b, a=rand(2, 3, 4, 5), b=rand(2, 3, 5, 2))
case("bce_logits", lambda real, fake: (F.softplus(-real).mean() + F.softplus(fake).mean()).reshape(1), real=rand(8), fake=rand(8))
case("hinge", lambda real, fake: (F.relu(1 - real).mean() + F.relu(1 + fake).mean()).reshape(1), real=rand(8), fake=rand(8))
case("mse", lambda x, t: ((x - t) ** 2).mean().reshape(1), x=rand(4, 5), t=rand(4, 5))
case("vae_loss", lambda mean, logvar, eps, target: (
    ((torch.sigmoid(mean + torch.exp(0.5 * logvar) * eps) - target) ** 2).sum(1).mean()
    + (-0.5 * (1 + logvar - mean ** 2 - logvar.exp()).sum(1)).mean()).reshape(1),
    mean=rand(4, 6), logvar=rand(4, 6, scale=0.5), eps=rand(4, 6), target=rng.random((4, 6)))
case("gather", gather_pixels, x=rand(2, 3, 4, 4))

out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "autodiff", "op-grads.npz")
os.makedirs(os.path.dirname(out), exist_ok=True)
np.savez(out, **arrays)
print(f"wrote {len(arrays)} arrays to {os.path.normpath(out)}")
