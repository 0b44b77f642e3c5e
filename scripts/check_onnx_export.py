#!/usr/bin/env python3
"""Cross-checks ONNX files written by Latent Studio's exporter (main/engine/onnx-export) with the
reference `onnx` package, independently of our own protobuf writer and of onnxruntime:
  - onnx.checker.check_model(full_check=True): schema, opset, attribute types, IR rules;
  - strict shape inference must give the output "image" the shape [N, C, H, W] with the symbolic
    batch "N" preserved (so tools see a dynamic batch);
  - initializers are decoded with numpy and must be finite.

Run by hand with the Debian python that has onnx:  /usr/bin/python3 scripts/check_onnx_export.py FILE.onnx...
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    graph = inferred.graph
    assert [i.name for i in graph.input] == ['z'], 'input must be "z"'
    assert [o.name for o in graph.output] == ['image'], 'output must be "image"'
    z, image = dims(graph.input[0]), dims(graph.output[0])
    assert z[0] == 'N' and len(z) == 2, f'z should be [N, d], is {z}'
    assert image[0] == 'N' and len(image) == 4 and image[1] in (1, 3), f'image should be [N, C, H, W], is {image}'
    for t in graph.initializer:
        assert np.all(np.isfinite(numpy_helper.to_array(t))), f'initializer {t.name} is not finite'
    ops = [n.op_type for n in graph.node]
    opset = [(o.domain or 'ai.onnx', o.version) for o in model.opset_import]
    print(f'OK {path}: ir {model.ir_version}, opset {opset}, producer {model.producer_name} {model.producer_version}, '
          f'z {z} -> image {image}, last op {ops[-1]}, {len(ops)} nodes: {" ".join(ops)}')


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for p in sys.argv[1:]:
        check(p)
