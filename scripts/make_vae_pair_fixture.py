#!/usr/bin/env python3
"""Builds a tiny trained VAE as an encoder + decoder ONNX pair (test/fixtures/vae-pair/).

Run with the Debian python that has torch 1.13 + onnx + PIL:
    /usr/bin/python3 scripts/make_vae_pair_fixture.py

Data: 16x16 greyscale images of one soft blob whose x, y and radius vary (made here, no download).
A 4-d MLP VAE is trained on them for a few seconds (seeded, deterministic on one thread), then:
  tiny-vae.onnx           decoder  z [N,4]        -> image [N,1,16,16] in [0,1] (Sigmoid)
  tiny-vae.encoder.onnx   encoder  image [N,1,16,16] in [0,1] -> mean [N,4], logvar [N,4]
  tiny-vae.encoder.json   the encoder's sidecar (the convention of main/engine/encode/README.md)
  blob.png                a target blob drawn by the formula (never seen by the decoder as such)
This is the layout the app's own training exporter writes beside an app-trained VAE decoder.
"""
import json
import os

import torch
from PIL import Image
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'vae-pair')
SIZE, LATENT = 16, 4
torch.manual_seed(0)
torch.set_num_threads(1)


def blobs(n, gen=None):
    x = torch.rand(n, 1, 1, generator=gen) * 10 + 3
    y = torch.rand(n, 1, 1, generator=gen) * 10 + 3
    r = torch.rand(n, 1, 1, generator=gen) * 2.5 + 1.5
    ii = torch.arange(SIZE).float().view(1, SIZE, 1)
    jj = torch.arange(SIZE).float().view(1, 1, SIZE)
    d2 = (jj - x) ** 2 + (ii - y) ** 2
    return torch.exp(-d2 / (2 * r * r)).unsqueeze(1)  # [n,1,16,16] in [0,1]


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(SIZE * SIZE, 64), nn.ReLU(), nn.Linear(64, 2 * LATENT))

    def forward(self, image):
        h = self.body(image)
        return h[:, :LATENT], h[:, LATENT:]


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LATENT, 64), nn.ReLU(), nn.Linear(64, SIZE * SIZE), nn.Sigmoid())

    def forward(self, z):
        return self.body(z).reshape(-1, 1, SIZE, SIZE)


def main():
    os.makedirs(OUT, exist_ok=True)
    enc, dec = Encoder(), Decoder()
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=3e-3)
    gen = torch.Generator().manual_seed(1)
    for step in range(3000):
        x = blobs(128, gen)
        mean, logvar = enc(x)
        z = mean + torch.randn(mean.shape, generator=gen) * torch.exp(0.5 * logvar)
        recon = dec(z)
        rec = nn.functional.binary_cross_entropy(recon, x, reduction='sum') / x.shape[0]
        kl = -0.5 * torch.sum(1 + logvar - mean ** 2 - logvar.exp()) / x.shape[0]
        loss = rec + kl
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 500 == 0:
            print(f'step {step}: recon {rec.item():.2f} kl {kl.item():.2f}')
    enc.eval()
    dec.eval()
    with torch.no_grad():
        torch.onnx.export(dec, torch.zeros(1, LATENT), os.path.join(OUT, 'tiny-vae.onnx'), opset_version=13,
                          input_names=['z'], output_names=['image'],
                          dynamic_axes={'z': {0: 'batch'}, 'image': {0: 'batch'}})
        torch.onnx.export(enc, torch.zeros(1, 1, SIZE, SIZE), os.path.join(OUT, 'tiny-vae.encoder.onnx'),
                          opset_version=13, input_names=['image'], output_names=['mean', 'logvar'],
                          dynamic_axes={'image': {0: 'batch'}, 'mean': {0: 'batch'}, 'logvar': {0: 'batch'}})
    with open(os.path.join(OUT, 'tiny-vae.json'), 'w') as f:
        json.dump({'name': 'tiny blob VAE (test fixture)', 'note': 'scripts/make_vae_pair_fixture.py'}, f, indent=2)
    with open(os.path.join(OUT, 'tiny-vae.encoder.json'), 'w') as f:
        json.dump({'input': 'image', 'layout': 'NCHW', 'channels': 1, 'width': SIZE, 'height': SIZE,
                   'range': [0, 1], 'mean': 'mean', 'logvar': 'logvar'}, f, indent=2)
    target = blobs(1, torch.Generator().manual_seed(42))[0, 0]
    Image.fromarray((target.numpy() * 255).round().astype('uint8'), 'L').save(os.path.join(OUT, 'blob.png'))
    for name in sorted(os.listdir(OUT)):
        print(f'{name}: {os.path.getsize(os.path.join(OUT, name))} bytes')


if __name__ == '__main__':
    main()
