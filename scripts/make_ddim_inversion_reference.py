#!/usr/bin/env python3
"""PyTorch references for DDIM inversion (main/engine/diffusion/inversion.ts), on the diffusion
fixture U-Nets of scripts/make_diffusion_fixtures.py.

Run with the Debian python that has torch 1.13:
    /usr/bin/python3 scripts/make_ddim_inversion_reference.py

The U-Nets are rebuilt in PyTorch from the fixture script's seeds (checked against the committed
forward pass, so these are the weights of the committed .onnx files). Each model's image is its
own DDIM 10-step sample of the seeded x_T (the committed `<model>.ddim10.npy`); it is inverted
with 10 DDIM steps, classic (0 refinements) and with 2 fixed-point refinements, by a second,
independent transcription of the algorithm documented in inversion.ts (float64 arithmetic per
element, float32 storage, like the TypeScript). Writes `<model>.ddim10.inverted-r{0,2}.npy` and
`inversion.json` into test/fixtures/diffusion/. Seeded and deterministic: reruns give the same files.
"""
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_diffusion_fixtures as fx  # noqa: E402

STEPS = 10
REFINEMENTS = (0, 2)


def rebuild(v):
    torch.manual_seed(v['seed'])
    width = v.get('width', 8)
    unet = fx.TinyUNet2D(v['channels'], width=width, groups=width // 2).eval()
    x_t = np.load(os.path.join(fx.OUT, f"{v['name']}.xT.npy"))
    with torch.no_grad():
        raw = unet(torch.from_numpy(x_t), fx.timestep_tensor(700, v['batch'], v['timestep'])).numpy()
    committed = np.load(os.path.join(fx.OUT, f"{v['name']}.forward-t700.npy"))
    assert np.abs(raw - committed).max() < 1e-6, f"{v['name']}: rebuilt U-Net differs from the fixture"
    return unet


def coefficients(kind, a):
    sa, sb = math.sqrt(a), math.sqrt(1 - a)
    if kind == 'epsilon':
        return 1 / sa, -sb / sa, 0.0, 1.0
    if kind == 'sample':
        return 0.0, 1.0, 1 / sb, -sa / sb
    return sa, -sb, sb, sa


def solve(cfg, x_prev, out, x, at, ap):
    """x_t whose DDIM eta-0 update with model output `out` lands on x_prev (float64 inputs)."""
    A, B, C, D = coefficients(cfg['prediction_type'], at)
    sap, sbp = math.sqrt(ap), math.sqrt(1 - ap)
    K, E = sap * A + sbp * C, sap * B + sbp * D
    v = (x_prev - E * out) / K if K > 1e-9 else x + math.sqrt(at) * (x_prev - out)
    if cfg['clip_sample']:
        r = cfg['clip_sample_range']
        x0 = A * v + B * out
        rebuilt = math.sqrt(at) * x0.clamp(-r, r) + math.sqrt(1 - at) * (C * v + D * out)
        v = torch.where((x0 > r) | (x0 < -r), rebuilt, v)
    return v.float()


def invert(unet, sched, image, refinements, timestep_kind):
    cfg = sched.cfg
    timesteps = fx.set_timesteps(cfg, STEPS)
    ratio = cfg['num_train_timesteps'] // STEPS
    x = torch.from_numpy(image.copy())
    count = x.shape[0]
    with torch.no_grad():
        for t in timesteps[::-1]:
            t = int(t)
            at = float(sched.alphas_cumprod[t])
            prev = t - ratio
            ap = float(sched.alphas_cumprod[prev]) if prev >= 0 else float(sched.final_alpha_cumprod)
            model = lambda s: unet(s, fx.timestep_tensor(t, count, timestep_kind)).double()  # noqa: E731
            xd = x.double()
            xt = solve(cfg, xd, model(x), xd, at, ap)
            best, damping = None, 1.0
            for j in range(refinements):
                out = model(xt)
                landed, _ = sched.ddim_step(out.float(), t, xt, STEPS, 0.0, None)
                residual = math.sqrt(float(((landed.double() - xd) ** 2).mean()))
                if best is None or residual < best[2]:
                    best = (xt, out, residual)
                else:
                    damping /= 2
                proposal = solve(cfg, xd, best[1], best[0].double(), at, ap)
                xt = (best[0].double() + damping * (proposal.double() - best[0].double())).float()
                if j == refinements - 1 and damping < 1:
                    xt = best[0]
            x = xt
    return x.numpy()


def main():
    entries = {}
    for v in fx.VARIANTS:
        unet = rebuild(v)
        cfg = {**fx.DIFFUSERS_DEFAULTS, **{k: val for k, val in v['scheduler'].items() if not k.startswith('_')}}
        sched = fx.Schedule(cfg)
        image_file = f"{v['name']}.ddim{STEPS}.npy"
        image = np.load(os.path.join(fx.OUT, image_file))
        runs = []
        for r in REFINEMENTS:
            x_t = invert(unet, sched, image, r, v['timestep'])
            name = f"{v['name']}.ddim{STEPS}.inverted-r{r}.npy"
            fx.save(name, x_t)
            back, _, _ = fx.sample_loop(unet, sched, x_t, 'ddim', STEPS, 0.0, v['timestep'])
            err = float(np.abs(back - image).max())
            print(f'{name}: round trip max |error| {err:.2e}')
            runs.append({'refinements': r, 'xT': name, 'roundTripMaxError': err})
        entries[v['name']] = {'model': f"{v['name']}.onnx", 'image': image_file, 'count': v['batch'],
                              'steps': STEPS, 'runs': runs}
    with open(os.path.join(fx.OUT, 'inversion.json'), 'w') as f:
        json.dump(entries, f, indent=2)
        f.write('\n')
    print('inversion.json written')


if __name__ == '__main__':
    sys.exit(main())
