#!/usr/bin/env python3
"""Builds the bundled PLACEHOLDER generator: assets/models/placeholder-cppn.onnx (+ .json manifest).

This is not a trained model. It is a CPPN (compositional pattern-producing network): every pixel's
colour is a smooth function of its coordinates (x, y, r) and of the latent z, so
  - different z give visibly different, colourful abstract images, and
  - nearby z give nearby images (the function is continuous in z),
which is all the studio needs to demonstrate sampling and interpolation until it ships a model it
trained itself. Weights are random but seeded, so the file is reproducible.

Run with the Debian python that has torch 1.13 + onnx:  /usr/bin/python3 scripts/make_default_model.py
Contract: input z [N,32] (dynamic batch) -> output NCHW [N,3,64,64] in [-1,1] (Tanh).
"""
import json
import math
import os
import sys

import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT_DIR = os.path.join(ROOT, 'assets', 'models')
LATENT, SIZE, HIDDEN, SEED = 32, 64, 24, 20240611


class CPPN(nn.Module):
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(SEED)

        def w(*shape, scale):
            return nn.Parameter(torch.randn(*shape, generator=g) * scale, requires_grad=False)

        # Coordinate grid baked in as a constant: channels x, y, r, each over [-1,1] (r scaled to match).
        ys, xs = torch.meshgrid(torch.linspace(-1, 1, SIZE), torch.linspace(-1, 1, SIZE), indexing='ij')
        r = torch.sqrt(xs * xs + ys * ys) / math.sqrt(2) * 2 - 1
        self.register_buffer('coords', torch.stack([xs, ys, r]).unsqueeze(0))  # [1,3,H,W]

        # 1x1 convs are per-pixel dense layers; z enters as a per-image bias on the first layer and
        # as a per-image gain on the coordinates, so z changes both colours and spatial frequency.
        self.coord_in = w(HIDDEN, 3, 1, 1, scale=1.2)
        self.z_bias = w(LATENT, HIDDEN, scale=1.0 / math.sqrt(LATENT) * 1.5)
        self.z_gain = w(LATENT, 3, scale=1.0 / math.sqrt(LATENT) * 0.8)
        self.hidden = nn.ParameterList([w(HIDDEN, HIDDEN, 1, 1, scale=1.6 / math.sqrt(HIDDEN)) for _ in range(3)])
        self.out = w(3, HIDDEN, 1, 1, scale=1.5 / math.sqrt(HIDDEN))

    def forward(self, z):
        n = z.shape[0]
        gain = (1.0 + torch.tanh(z @ self.z_gain)).reshape(n, 3, 1, 1) * 1.25  # per-axis frequency in (0,2.5)
        coords = self.coords * gain
        h = nn.functional.conv2d(coords, self.coord_in) + (z @ self.z_bias).reshape(n, HIDDEN, 1, 1)
        h = torch.tanh(h)
        for i, layer in enumerate(self.hidden):
            h = nn.functional.conv2d(h, layer)
            h = torch.sin(h * 1.5) if i % 2 == 0 else torch.tanh(h)
        return torch.tanh(nn.functional.conv2d(h, self.out))


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    model = CPPN().eval()
    onnx_path = os.path.join(OUT_DIR, 'placeholder-cppn.onnx')
    with torch.no_grad():
        torch.onnx.export(model, torch.randn(2, LATENT), onnx_path, opset_version=13, input_names=['z'],
                          output_names=['image'], dynamic_axes={'z': {0: 'batch'}, 'image': {0: 'batch'}})
    manifest = {
        'name': 'Placeholder CPPN (script-made)',
        'note': 'Placeholder made by scripts/make_default_model.py (random CPPN, not trained) until the app '
                'ships a model it trained itself.',
    }
    with open(os.path.join(OUT_DIR, 'placeholder-cppn.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')
    print(f'{onnx_path}: {os.path.getsize(onnx_path)} bytes')

    if len(sys.argv) > 1:  # optional: write a contact sheet of samples to the given PNG path, for eyeballing
        from PIL import Image
        torch.manual_seed(0)
        z = torch.randn(16, LATENT)
        t = torch.linspace(0, 1, 8).unsqueeze(1)
        z = torch.cat([z, z[0] * (1 - t) + z[1] * t])  # a row of 8 interpolated between sample 0 and 1
        with torch.no_grad():
            img = ((model(z) + 1) * 127.5).clamp(0, 255).byte().permute(0, 2, 3, 1).numpy()
        sheet = Image.new('RGB', (8 * SIZE, 3 * SIZE))
        for i, a in enumerate(img):
            sheet.paste(Image.fromarray(a), ((i % 8) * SIZE, (i // 8) * SIZE))
        sheet.resize((8 * SIZE * 2, 3 * SIZE * 2), Image.NEAREST).save(sys.argv[1])
        print('samples ->', sys.argv[1])


if __name__ == '__main__':
    main()
