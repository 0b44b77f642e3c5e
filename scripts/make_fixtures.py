#!/usr/bin/env python3
"""Builds the tiny ONNX fixtures the model-loader tests run against (test/fixtures/models/).

Run with the Debian python that has torch 1.13 + onnx:  /usr/bin/python3 scripts/make_fixtures.py
Every model is seeded (torch.manual_seed) and exported at opset 13, so reruns give the same weights.
Channel counts are kept tiny so each file stays far below 1 MB: these pin shapes and behaviour,
not image quality.
"""
import os
import sys

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'models')
OPSET = 13


def export(model, example, name, dynamic=True, input_names=('z',), output_names=('image',)):
    model.eval()
    path = os.path.join(OUT, name)
    axes = None
    if dynamic:
        axes = {n: {0: 'batch'} for n in list(input_names) + list(output_names)}
    with torch.no_grad():
        torch.onnx.export(model, example, path, opset_version=OPSET, input_names=list(input_names),
                          output_names=list(output_names), dynamic_axes=axes, do_constant_folding=True)
    print(f'{name}: {os.path.getsize(path)} bytes')
    return path


class DCGAN(nn.Module):
    """The PyTorch DCGAN tutorial generator layout, narrowed (ngf=8) and sized for 32x32."""

    def __init__(self, nz=100, ngf=8):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),  # 4x4
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),  # 8x8
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),  # 16x16
            nn.ConvTranspose2d(ngf, 3, 4, 2, 1, bias=False), nn.Tanh(),  # 32x32
        )

    def forward(self, z):
        return self.main(z)


class FlatNHWC(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 16 * 16 * 3)

    def forward(self, z):
        return torch.sigmoid(self.fc(z)).reshape(-1, 16, 16, 3)


class Gray(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32, 7 * 7 * 4)
        self.up = nn.Sequential(
            nn.ConvTranspose2d(4, 4, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(4, 1, 4, 2, 1), nn.Tanh())

    def forward(self, z):
        return self.up(torch.relu(self.fc(z)).reshape(-1, 4, 7, 7))


class Dense(nn.Module):
    """z -> Linear -> activation -> reshape(shape); used by several small fixtures."""

    def __init__(self, nz, shape, act, scale=1.0):
        super().__init__()
        n = 1
        for s in shape:
            n *= s
        self.fc = nn.Linear(nz, n)
        with torch.no_grad():
            self.fc.weight.mul_(scale)
        self.shape, self.act = shape, act

    def forward(self, z):
        return self.act(self.fc(z)).reshape(-1, *self.shape)


class Range255(nn.Module):
    """sigmoid * 255: the last op is a Mul, so the loader cannot read the range off the graph."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8 * 8 * 3)
        with torch.no_grad():
            self.fc.weight.mul_(8.0)  # large weights saturate the sigmoid, so a probe sees ~0..255

    def forward(self, z):
        return (torch.sigmoid(self.fc(z)) * 255.0).reshape(-1, 3, 8, 8)


class TwoOutputs(nn.Module):
    """An image plus an extra score output: the loader uses the first output and warns."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 3 * 8 * 8)

    def forward(self, z):
        image = torch.tanh(self.fc(z)).reshape(-1, 3, 8, 8)
        return image, image.mean(dim=(1, 2, 3))


class ImageInput(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, padding=1)

    def forward(self, x):
        return torch.tanh(self.conv(x))


class TwoInputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16 + 4, 3 * 8 * 8)

    def forward(self, z, label):
        return torch.tanh(self.fc(torch.cat([z, label], 1))).reshape(-1, 3, 8, 8)


def main():
    os.makedirs(OUT, exist_ok=True)

    torch.manual_seed(1)
    export(DCGAN(), torch.randn(2, 100, 1, 1), 'dcgan.onnx')
    torch.manual_seed(2)
    export(FlatNHWC(), torch.randn(2, 64), 'flat-nhwc-sigmoid.onnx')
    torch.manual_seed(3)
    export(Gray(), torch.randn(2, 32), 'gray.onnx')
    torch.manual_seed(4)
    export(Dense(16, (3, 16, 16), torch.sigmoid), torch.randn(1, 16), 'fixed-batch.onnx', dynamic=False)
    torch.manual_seed(5)
    export(Dense(20, (784,), torch.sigmoid), torch.randn(2, 20), 'flat784.onnx')
    torch.manual_seed(6)
    export(Range255(), torch.randn(2, 8), 'range255.onnx')
    torch.manual_seed(7)
    export(Dense(12, (3, 12, 20), torch.tanh), torch.randn(2, 12), 'wide-nchw.onnx')  # 20 wide, 12 high

    torch.manual_seed(8)
    export(TwoOutputs(), torch.randn(2, 16), 'two-outputs.onnx', output_names=('image', 'score'))

    # Models the loader must refuse, each for one reason.
    torch.manual_seed(10)
    export(ImageInput(), torch.randn(2, 3, 32, 32), 'image-input.onnx', input_names=('x',))
    torch.manual_seed(11)
    export(TwoInputs(), (torch.randn(2, 16), torch.randn(2, 4)), 'two-inputs.onnx', input_names=('z', 'label'))
    torch.manual_seed(12)
    export(Dense(16, (10,), lambda t: torch.softmax(t, 1)), torch.randn(2, 16), 'classifier.onnx',
           output_names=('logits',))

    # Valid ONNX that onnxruntime cannot run: an operator from a domain nobody registered.
    import onnx
    from onnx import TensorProto, helper
    node = helper.make_node('FancyUpsample', ['z'], ['image'], domain='com.example')
    graph = helper.make_graph([node], 'custom', [helper.make_tensor_value_info('z', TensorProto.FLOAT, ['N', 16])],
                              [helper.make_tensor_value_info('image', TensorProto.FLOAT, ['N', 3, 8, 8])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET), helper.make_opsetid('com.example', 1)],
                              producer_name='make_fixtures.py')
    model.ir_version = 7
    onnx.save(model, os.path.join(OUT, 'unsupported-op.onnx'))
    print('unsupported-op.onnx written')

    with open(os.path.join(OUT, 'dcgan.onnx'), 'rb') as f:
        whole = f.read()
    with open(os.path.join(OUT, 'truncated.onnx'), 'wb') as f:
        f.write(whole[: len(whole) // 2])
    with open(os.path.join(OUT, 'not-onnx.onnx'), 'wb') as f:
        f.write(b'This is a plain text file with an .onnx name, not a model.\n')
    print('truncated.onnx, not-onnx.onnx written')


if __name__ == '__main__':
    sys.exit(main())
