#!/usr/bin/env python3
"""Builds the diffusion fixtures (test/fixtures/diffusion/): tiny U-Net denoisers with the I/O of a
diffusers `UNet2DModel` exported by `torch.onnx.export`, their sidecar manifests (diffusers
`scheduler_config.json` fields), and PyTorch reference samples the app must reproduce to 1e-4.

Run with the Debian python that has torch 1.13 + onnx:
    /usr/bin/python3 scripts/make_diffusion_fixtures.py

diffusers itself cannot be installed here, so the schedulers below are a line-by-line PyTorch
transcription of diffusers' DDIMScheduler.step / DDPMScheduler.step / set_timesteps (float32
tensors, as diffusers computes them). The TypeScript samplers in main/engine/diffusion/ are a
second, independent implementation; the tests compare the two.

x_T comes from Latent Studio's documented seed sampler (main/engine/latent/prng.ts, reimplemented
below), so the references also pin "seed S gives this image" across languages. The per-step noise
of DDPM / DDIM eta > 0 is saved as .npy and fed to both sides explicitly; it is also drawn from
the documented noise stream (main/engine/diffusion/noise-stream.ts), so the stream is pinned too.
Everything is seeded: reruns give the same files.
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'diffusion')
OPSET = 14
M32 = 0xFFFFFFFF

# ---------------------------------------------------------------------------------------------
# Latent Studio's documented PRNG (main/engine/latent/prng.ts) and noise stream.


def _splitmix32(state):
    state[0] = (state[0] + 0x9E3779B9) & M32
    z = state[0]
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
    return (z ^ (z >> 16)) & M32


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Rng:
    def __init__(self, seed):
        st = [seed & M32]
        self.s = [_splitmix32(st) for _ in range(4)]
        self.cached = None

    def next_u32(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next_float(self):
        return (self.next_u32() >> 8) / 16777216.0

    def next_normal(self):
        if self.cached is not None:
            v, self.cached = self.cached, None
            return v
        u1 = 1.0 - self.next_float()
        u2 = self.next_float()
        r = math.sqrt(-2.0 * math.log(u1))
        a = 2.0 * math.pi * u2
        self.cached = r * math.sin(a)
        return r * math.cos(a)

    def normals(self, n):
        return np.array([self.next_normal() for _ in range(n)], dtype=np.float32)


def seed_latents(seed, count, shape):
    """x_T for seeds seed, seed+1, ...: sampleNormalLatent(seed, C*H*W) in NCHW order."""
    n = int(np.prod(shape))
    return np.stack([Rng((seed + i) & M32).normals(n).reshape(shape) for i in range(count)])


def fnv1a32(data):
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & M32
    return h


def noise_rngs(x_t):
    """One stream per image: seeded by FNV-1a 32 of that image's x_T float32 little-endian bytes."""
    return [Rng(fnv1a32(x.astype('<f4').tobytes())) for x in x_t]


def draw_noise(rngs, shape):
    n = int(np.prod(shape))
    return np.stack([r.normals(n).reshape(shape) for r in rngs])


# ---------------------------------------------------------------------------------------------
# A tiny UNet2DModel: same inputs, outputs and block structure as diffusers', far fewer channels.


def timestep_embedding(timesteps, dim, max_period=10000):
    """diffusers get_timestep_embedding with flip_sin_to_cos=True, downscale_freq_shift=0."""
    half = dim // 2
    exponent = -math.log(max_period) * torch.arange(0, half, dtype=torch.float32) / half
    emb = timesteps[:, None].float() * torch.exp(exponent)[None, :]
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=-1)
    return torch.cat([emb[:, half:], emb[:, :half]], dim=-1)


class ResnetBlock(nn.Module):
    def __init__(self, cin, cout, temb, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin, eps=1e-5)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.time_emb_proj = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(groups, cout, eps=1e-5)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.conv_shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time_emb_proj(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (x if self.conv_shortcut is None else self.conv_shortcut(x)) + h


class SelfAttention(nn.Module):
    """diffusers Attention over the H*W positions (one head), with a residual."""

    def __init__(self, ch, groups):
        super().__init__()
        self.group_norm = nn.GroupNorm(groups, ch, eps=1e-5)
        self.to_q = nn.Linear(ch, ch)
        self.to_k = nn.Linear(ch, ch)
        self.to_v = nn.Linear(ch, ch)
        self.to_out = nn.Linear(ch, ch)

    def forward(self, x):
        n, c, h, w = x.shape
        t = self.group_norm(x).reshape(n, c, h * w).transpose(1, 2)
        q, k, v = self.to_q(t), self.to_k(t), self.to_v(t)
        weights = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(c), dim=-1)
        out = self.to_out(weights @ v).transpose(1, 2).reshape(n, c, h, w)
        return out + x


class TinyUNet2D(nn.Module):
    """forward(sample [N,C,H,W], timestep [N] or []) -> [N,C,H,W], like UNet2DModel(...).sample."""

    def __init__(self, channels, width=8, groups=4):
        super().__init__()
        w, w2, temb = width, width * 2, width * 4
        self.width = width
        self.conv_in = nn.Conv2d(channels, w, 3, padding=1)
        self.linear_1 = nn.Linear(w, temb)
        self.linear_2 = nn.Linear(temb, temb)
        self.down_res = ResnetBlock(w, w, temb, groups)
        self.downsample = nn.Conv2d(w, w, 3, stride=2, padding=1)
        self.down_res2 = ResnetBlock(w, w2, temb, groups)
        self.mid_res1 = ResnetBlock(w2, w2, temb, groups)
        self.mid_attn = SelfAttention(w2, groups)
        self.mid_res2 = ResnetBlock(w2, w2, temb, groups)
        self.up_res1 = ResnetBlock(w2 + w2, w2, temb, groups)
        self.upsample_conv = nn.Conv2d(w2, w2, 3, padding=1)
        self.up_res2 = ResnetBlock(w2 + w, w, temb, groups)
        self.up_res3 = ResnetBlock(w + w, w, temb, groups)
        self.conv_norm_out = nn.GroupNorm(groups, w, eps=1e-5)
        self.conv_out = nn.Conv2d(w, channels, 3, padding=1)
        # Small random output weights (outputs of order 0.3). The DDIM map from x_T at t=900 of the
        # linear schedule amplifies any float32 difference about 100x (1/sqrt(alphas_cumprod[900])),
        # so onnxruntime-vs-torch forward differences (~1e-7 of the output's scale) must stay small
        # in absolute terms for the 1e-4 comparison to measure the samplers, not the conditioning.
        with torch.no_grad():
            self.conv_out.weight.mul_(0.25)

    def forward(self, sample, timestep):
        timesteps = timestep
        if timesteps.dim() == 0:
            timesteps = timesteps[None]
        # diffusers broadcasts this way "in a way that's compatible with ONNX/Core ML"
        timesteps = timesteps * torch.ones(sample.shape[0], dtype=timesteps.dtype)
        emb = self.linear_2(F.silu(self.linear_1(timestep_embedding(timesteps, self.width))))

        x = self.conv_in(sample)
        s1 = self.down_res(x, emb)
        s2 = self.downsample(s1)
        s3 = self.down_res2(s2, emb)
        h = self.mid_res2(self.mid_attn(self.mid_res1(s3, emb)), emb)
        h = self.up_res1(torch.cat([h, s3], 1), emb)
        h = self.upsample_conv(F.interpolate(h, scale_factor=2.0, mode='nearest'))
        h = self.up_res2(torch.cat([h, s1], 1), emb)
        h = self.up_res3(torch.cat([h, x], 1), emb)
        return self.conv_out(F.silu(self.conv_norm_out(h)))


class ConditionalUNet(nn.Module):
    """A text-conditioned denoiser's inputs (like UNet2DConditionModel): must be refused."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, padding=1)
        self.proj = nn.Linear(8, 3)

    def forward(self, sample, timestep, encoder_hidden_states):
        bias = self.proj(encoder_hidden_states.mean(1))[:, :, None, None]
        return self.conv(sample) + bias + timestep.float()[:, None, None, None] * 0.001


class HalfSizeOutput(nn.Module):
    """sample + timestep in, but a half-size output: not a denoiser, must be refused."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, stride=2, padding=1)

    def forward(self, sample, timestep):
        return self.conv(sample) + timestep.float()[:, None, None, None] * 0.001


# ---------------------------------------------------------------------------------------------
# diffusers schedulers, transcribed (float32 tensors, as diffusers computes them).

DIFFUSERS_DEFAULTS = {
    'num_train_timesteps': 1000, 'beta_start': 0.0001, 'beta_end': 0.02, 'beta_schedule': 'linear',
    'prediction_type': 'epsilon', 'clip_sample': True, 'clip_sample_range': 1.0, 'set_alpha_to_one': True,
    'steps_offset': 0, 'timestep_spacing': 'leading', 'variance_type': 'fixed_small',
}


def betas_for(cfg):
    n = cfg['num_train_timesteps']
    if cfg['beta_schedule'] == 'linear':
        return torch.linspace(cfg['beta_start'], cfg['beta_end'], n, dtype=torch.float32)
    if cfg['beta_schedule'] == 'scaled_linear':
        return torch.linspace(cfg['beta_start'] ** 0.5, cfg['beta_end'] ** 0.5, n, dtype=torch.float32) ** 2
    if cfg['beta_schedule'] == 'squaredcos_cap_v2':
        def alpha_bar(t):
            return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        betas = [min(1 - alpha_bar((i + 1) / n) / alpha_bar(i / n), 0.999) for i in range(n)]
        return torch.tensor(betas, dtype=torch.float32)
    raise ValueError(cfg['beta_schedule'])


def set_timesteps(cfg, steps):
    n = cfg['num_train_timesteps']
    if cfg['timestep_spacing'] == 'linspace':
        return np.linspace(0, n - 1, steps).round()[::-1].copy().astype(np.int64)
    if cfg['timestep_spacing'] == 'leading':
        ratio = n // steps
        return (np.arange(0, steps) * ratio).round()[::-1].copy().astype(np.int64) + cfg['steps_offset']
    if cfg['timestep_spacing'] == 'trailing':
        ratio = n / steps
        return np.round(np.arange(n, 0, -ratio)).astype(np.int64) - 1
    raise ValueError(cfg['timestep_spacing'])


class Schedule:
    def __init__(self, cfg):
        self.cfg = cfg
        self.betas = betas_for(cfg)
        self.alphas = 1.0 - self.betas
        self.alphas_cumprod = torch.cumprod(self.alphas, dim=0)
        self.final_alpha_cumprod = torch.tensor(1.0) if cfg['set_alpha_to_one'] else self.alphas_cumprod[0]
        self.one = torch.tensor(1.0)

    def x0_eps(self, model_output, sample, alpha_prod_t):
        beta_prod_t = 1 - alpha_prod_t
        kind = self.cfg['prediction_type']
        if kind == 'epsilon':
            x0 = (sample - beta_prod_t ** 0.5 * model_output) / alpha_prod_t ** 0.5
            eps = model_output
        elif kind == 'sample':
            x0 = model_output
            eps = (sample - alpha_prod_t ** 0.5 * x0) / beta_prod_t ** 0.5
        else:
            x0 = alpha_prod_t ** 0.5 * sample - beta_prod_t ** 0.5 * model_output
            eps = alpha_prod_t ** 0.5 * model_output + beta_prod_t ** 0.5 * sample
        if self.cfg['clip_sample']:
            r = self.cfg['clip_sample_range']
            x0 = x0.clamp(-r, r)
        return x0, eps

    def ddim_step(self, model_output, timestep, sample, steps, eta, noise):
        prev_timestep = timestep - self.cfg['num_train_timesteps'] // steps
        alpha_prod_t = self.alphas_cumprod[timestep]
        alpha_prod_t_prev = self.alphas_cumprod[prev_timestep] if prev_timestep >= 0 else self.final_alpha_cumprod
        x0, eps = self.x0_eps(model_output, sample, alpha_prod_t)
        beta_prod_t = 1 - alpha_prod_t
        beta_prod_t_prev = 1 - alpha_prod_t_prev
        variance = (beta_prod_t_prev / beta_prod_t) * (1 - alpha_prod_t / alpha_prod_t_prev)
        std_dev_t = eta * variance ** 0.5
        direction = (1 - alpha_prod_t_prev - std_dev_t ** 2) ** 0.5 * eps
        prev = alpha_prod_t_prev ** 0.5 * x0 + direction
        if eta > 0:
            prev = prev + std_dev_t * noise
        return prev, x0

    def ddpm_step(self, model_output, t, sample, timesteps, noise):
        index = list(timesteps).index(t)
        prev_t = -1 if index == len(timesteps) - 1 else int(timesteps[index + 1])
        alpha_prod_t = self.alphas_cumprod[t]
        alpha_prod_t_prev = self.alphas_cumprod[prev_t] if prev_t >= 0 else self.one
        beta_prod_t = 1 - alpha_prod_t
        beta_prod_t_prev = 1 - alpha_prod_t_prev
        current_alpha_t = alpha_prod_t / alpha_prod_t_prev
        current_beta_t = 1 - current_alpha_t
        x0, _ = self.x0_eps(model_output, sample, alpha_prod_t)
        x0_coeff = (alpha_prod_t_prev ** 0.5 * current_beta_t) / beta_prod_t
        sample_coeff = current_alpha_t ** 0.5 * beta_prod_t_prev / beta_prod_t
        prev = x0_coeff * x0 + sample_coeff * sample
        if t > 0:
            if self.cfg['variance_type'] == 'fixed_large':
                variance = current_beta_t
            else:  # fixed_small
                variance = torch.clamp((1 - alpha_prod_t_prev) / (1 - alpha_prod_t) * current_beta_t, min=1e-20)
            prev = prev + variance ** 0.5 * noise
        return prev, x0


def timestep_tensor(t, count, kind):
    if kind == 'int64-batch':
        return torch.full((count,), int(t), dtype=torch.int64)
    if kind == 'int32-batch':
        return torch.full((count,), int(t), dtype=torch.int32)
    return torch.tensor(float(t), dtype=torch.float32)  # 'float-scalar'


def sample_loop(unet, sched, x_t, sampler, steps, eta, timestep_kind):
    """Returns (final sample, x0 per step, noise used per noisy step); noise from the documented stream."""
    timesteps = set_timesteps(sched.cfg, steps)
    rngs = noise_rngs(x_t)
    x = torch.from_numpy(x_t.copy())
    x0s, noises = [], []
    with torch.no_grad():
        for t in timesteps:
            out = unet(x, timestep_tensor(t, x.shape[0], timestep_kind))
            noisy = (sampler == 'ddpm' and t > 0) or (sampler == 'ddim' and eta > 0)
            noise = torch.from_numpy(draw_noise(rngs, x_t.shape[1:])) if noisy else None
            if noise is not None:
                noises.append(noise.numpy())
            if sampler == 'ddim':
                x, x0 = sched.ddim_step(out, int(t), x, steps, eta, noise)
            else:
                x, x0 = sched.ddpm_step(out, int(t), x, timesteps, noise)
            x0s.append(x0.numpy())
    return x.numpy(), np.stack(x0s), (np.stack(noises) if noises else None)


# ---------------------------------------------------------------------------------------------

VARIANTS = [
    {
        # The shape of a diffusers DDPM-CIFAR export: int64 [N] timestep, dynamic batch, and the
        # DDPMScheduler defaults (linear betas, epsilon, clip_sample, leading spacing).
        'name': 'unet-rgb32-int64',
        'channels': 3, 'size': 32, 'timestep': 'int64-batch', 'dynamic': True, 'seed': 101, 'batch': 2,
        'scheduler': {'_class_name': 'DDPMScheduler', '_diffusers_version': '0.30.0', 'num_train_timesteps': 1000,
                      'beta_start': 0.0001, 'beta_end': 0.02, 'beta_schedule': 'linear', 'prediction_type': 'epsilon',
                      'clip_sample': True, 'clip_sample_range': 1.0, 'variance_type': 'fixed_small',
                      'timestep_spacing': 'leading', 'steps_offset': 0, 'trained_betas': None,
                      'thresholding': False},
        'references': [('ddim', 10, 0.0), ('ddpm', 10, 0.0)],
    },
    {
        # Float scalar timestep, fixed batch 2, one channel; cosine schedule, v-prediction, no
        # clipping, trailing spacing, set_alpha_to_one false.
        'name': 'unet-gray16-float-scalar',
        'channels': 1, 'size': 16, 'timestep': 'float-scalar', 'dynamic': False, 'seed': 202, 'batch': 2, 'width': 4,
        'scheduler': {'num_train_timesteps': 1000, 'beta_schedule': 'squaredcos_cap_v2',
                      'prediction_type': 'v_prediction', 'clip_sample': False, 'set_alpha_to_one': False,
                      'timestep_spacing': 'trailing'},
        'references': [('ddim', 10, 0.0), ('ddim', 10, 0.5), ('ddpm', 10, 0.0)],
    },
    {
        # int32 [N] timestep, x0 ("sample") prediction, scaled-linear betas, linspace spacing,
        # steps_offset 1, clip range 1.5.
        'name': 'unet-rgb16-int32-sample',
        'channels': 3, 'size': 16, 'timestep': 'int32-batch', 'dynamic': True, 'seed': 303, 'batch': 3, 'width': 4,
        'scheduler': {'num_train_timesteps': 500, 'beta_start': 0.00085, 'beta_end': 0.012,
                      'beta_schedule': 'scaled_linear', 'prediction_type': 'sample', 'clip_sample': True,
                      'clip_sample_range': 1.5, 'set_alpha_to_one': True, 'steps_offset': 1,
                      'timestep_spacing': 'linspace'},
        'references': [('ddim', 10, 0.0), ('ddpm', 10, 0.0)],
    },
]


def export_onnx(model, args, path, input_names, dynamic):
    axes = {'sample': {0: 'batch'}, 'out_sample': {0: 'batch'}} if dynamic else None
    if dynamic and len(input_names) > 1 and args[1].dim() == 1:
        axes[input_names[1]] = {0: 'batch'}
    if dynamic and len(input_names) > 2:
        axes[input_names[2]] = {0: 'batch'}
    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, args, path, opset_version=OPSET, input_names=list(input_names),
                          output_names=['out_sample'], dynamic_axes=axes, do_constant_folding=True)
    print(f'{os.path.basename(path)}: {os.path.getsize(path)} bytes')


def save(name, array):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(array, dtype=np.float32))


def make_variant(v, refs_json):
    torch.manual_seed(v['seed'])
    c, s = v['channels'], v['size']
    width = v.get('width', 8)
    unet = TinyUNet2D(c, width=width, groups=width // 2).eval()
    example = (torch.randn(v['batch'], c, s, s), timestep_tensor(500, v['batch'], v['timestep']))
    export_onnx(unet, example, os.path.join(OUT, f"{v['name']}.onnx"), ('sample', 'timestep'), v['dynamic'])
    manifest = {
        'name': f"Fixture U-Net {v['name']}",
        'note': 'Random tiny U-Net made by scripts/make_diffusion_fixtures.py (diffusers UNet2DModel I/O).',
        'kind': 'diffusion',
        'scheduler': v['scheduler'],
    }
    with open(os.path.join(OUT, f"{v['name']}.json"), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')

    cfg = {**DIFFUSERS_DEFAULTS, **{k: val for k, val in v['scheduler'].items() if not k.startswith('_')}}
    sched = Schedule(cfg)
    seed = v['seed']
    x_t = seed_latents(seed, v['batch'], (c, s, s))
    save(f"{v['name']}.xT.npy", x_t)
    entry = {'model': f"{v['name']}.onnx", 'seed': seed, 'count': v['batch'], 'xT': f"{v['name']}.xT.npy",
             'runs': []}
    for sampler, steps, eta in v['references']:
        final, x0s, noise = sample_loop(unet, sched, x_t, sampler, steps, eta, v['timestep'])
        tag = f"{v['name']}.{sampler}{steps}" + (f"-eta{eta}" if eta > 0 else '')
        save(f'{tag}.npy', final)
        run = {'sampler': sampler, 'steps': steps, 'eta': eta, 'final': f'{tag}.npy',
               'timesteps': [int(t) for t in set_timesteps(cfg, steps)]}
        if noise is not None:
            save(f'{tag}.noise.npy', noise)
            run['noise'] = f'{tag}.noise.npy'
        if s <= 16:  # x0 at every step (the live denoising frames), kept only where it is small
            save(f'{tag}.x0.npy', x0s)
            run['x0'] = f'{tag}.x0.npy'
        entry['runs'].append(run)
        print(f'{tag}: final range [{final.min():.3f}, {final.max():.3f}]')
    # One raw forward pass, to separate runtime differences from scheduler ones.
    with torch.no_grad():
        raw = unet(torch.from_numpy(x_t), timestep_tensor(700, v['batch'], v['timestep'])).numpy()
    save(f"{v['name']}.forward-t700.npy", raw)
    entry['forwardT700'] = f"{v['name']}.forward-t700.npy"
    refs_json[v['name']] = entry


def schedule_tables():
    """alphas_cumprod and timesteps of diffusers' formulas, for the pure-TS scheduler tests."""
    cfgs = {
        'linear': {**DIFFUSERS_DEFAULTS},
        'scaled_linear': {**DIFFUSERS_DEFAULTS, 'beta_schedule': 'scaled_linear', 'beta_start': 0.00085,
                          'beta_end': 0.012},
        'squaredcos_cap_v2': {**DIFFUSERS_DEFAULTS, 'beta_schedule': 'squaredcos_cap_v2'},
    }
    table = {'alphasCumprod': {}, 'timesteps': []}
    for name, cfg in cfgs.items():
        ac = Schedule(cfg).alphas_cumprod.numpy().astype(np.float64)
        table['alphasCumprod'][name] = [float(x) for x in ac[::37]] + [float(ac[-1])]
    for n in (1000, 500, 7):
        for steps in (1, 3, 10, 7, 50):
            if steps > n:
                continue
            for spacing in ('leading', 'trailing', 'linspace'):
                for offset in (0, 1):
                    cfg = {**DIFFUSERS_DEFAULTS, 'num_train_timesteps': n, 'timestep_spacing': spacing,
                           'steps_offset': offset}
                    table['timesteps'].append({'numTrainTimesteps': n, 'steps': steps, 'spacing': spacing,
                                               'stepsOffset': offset,
                                               'timesteps': [int(t) for t in set_timesteps(cfg, steps)]})
    with open(os.path.join(OUT, 'schedules.json'), 'w') as f:
        json.dump(table, f)
        f.write('\n')
    print('schedules.json written')


def refused():
    torch.manual_seed(404)
    export_onnx(ConditionalUNet(), (torch.randn(2, 3, 16, 16), torch.tensor([3, 3]), torch.randn(2, 4, 8)),
                os.path.join(OUT, 'unet-conditional.onnx'), ('sample', 'timestep', 'encoder_hidden_states'), True)
    torch.manual_seed(405)
    export_onnx(HalfSizeOutput(), (torch.randn(2, 3, 16, 16), torch.tensor([3, 3])),
                os.path.join(OUT, 'unet-half-output.onnx'), ('sample', 'timestep'), True)


def prng_check():
    """First values of the documented sampler, so the TS test pins the Python port above."""
    return {'seed': 7, 'normals': [float(x) for x in Rng(7).normals(6)],
            'fnv1a32OfOneTwo': fnv1a32(struct.pack('<2f', 1.0, 2.0))}


def main():
    os.makedirs(OUT, exist_ok=True)
    refs = {}
    for v in VARIANTS:
        make_variant(v, refs)
    refused()
    schedule_tables()
    refs['_prng'] = prng_check()
    with open(os.path.join(OUT, 'references.json'), 'w') as f:
        json.dump(refs, f, indent=2)
        f.write('\n')
    print('references.json written')


if __name__ == '__main__':
    sys.exit(main())
