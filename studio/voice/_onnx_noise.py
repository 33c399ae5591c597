"""Make a Piper (VITS) ONNX graph take its random noise as inputs, so takes are reproducible.

Piper's exported graph draws noise inside onnxruntime (``RandomNormalLike``), seeded once per
session from the clock; the same seed can't be replayed per call. Here each such node becomes
``Slice(<noise input>, 0, Shape(like))``: the caller passes a seeded noise buffer at least as
large as needed and the graph uses its leading part. Noise at a given frame then depends only
on the seed and the frame index, not on how long a buffer was passed.

The ``onnx`` package is not required: a minimal description of the few ONNX protobuf messages we
touch is built at run time with ``google.protobuf`` (a dependency of onnxruntime). Fields we don't
describe (weights, attributes) are kept as unknown fields and written back unchanged.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

NOISE_OP = "RandomNormalLike"
FLOAT = 1  # onnx TensorProto.FLOAT
INT64 = 7  # onnx TensorProto.INT64


@dataclass(frozen=True)
class NoiseInput:
    """One noise input of the patched graph, and the extra output that reports the noise shape
    the graph needed in that run (so a caller can check its buffer covered every dimension)."""

    name: str
    shape_output: str
    rank: int
    node_name: str


@functools.cache
def _messages() -> dict[str, Any]:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    F = descriptor_pb2.FieldDescriptorProto
    opt, rep = F.LABEL_OPTIONAL, F.LABEL_REPEATED
    fdp = descriptor_pb2.FileDescriptorProto(
        name="studio_mini_onnx.proto", package="studio_mini_onnx", syntax="proto2"
    )

    def message(name: str, fields: list[tuple[str, int, int, int, str | None]]) -> None:
        m = fdp.message_type.add(name=name)
        for fname, number, ftype, label, type_name in fields:
            f = m.field.add(name=fname, number=number, type=ftype, label=label)
            if type_name:
                f.type_name = f".studio_mini_onnx.{type_name}"

    # Field numbers follow onnx.proto (ModelProto, GraphProto, NodeProto, ValueInfoProto, ...).
    message("Dim", [("dim_value", 1, F.TYPE_INT64, opt, None), ("dim_param", 2, F.TYPE_STRING, opt, None)])
    message("Shape", [("dim", 1, F.TYPE_MESSAGE, rep, "Dim")])
    message("TensorType", [("elem_type", 1, F.TYPE_INT32, opt, None), ("shape", 2, F.TYPE_MESSAGE, opt, "Shape")])
    message("Type", [("tensor_type", 1, F.TYPE_MESSAGE, opt, "TensorType")])
    message("ValueInfo", [("name", 1, F.TYPE_STRING, opt, None), ("type", 2, F.TYPE_MESSAGE, opt, "Type")])
    message("Node", [
        ("input", 1, F.TYPE_STRING, rep, None), ("output", 2, F.TYPE_STRING, rep, None),
        ("name", 3, F.TYPE_STRING, opt, None), ("op_type", 4, F.TYPE_STRING, opt, None),
        ("domain", 7, F.TYPE_STRING, opt, None),
    ])
    message("Graph", [
        ("node", 1, F.TYPE_MESSAGE, rep, "Node"), ("input", 11, F.TYPE_MESSAGE, rep, "ValueInfo"),
        ("output", 12, F.TYPE_MESSAGE, rep, "ValueInfo"),
    ])
    message("Model", [("graph", 7, F.TYPE_MESSAGE, opt, "Graph")])
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    return {
        n: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"studio_mini_onnx.{n}"))
        for n in ("Model", "Node", "ValueInfo")
    }


def _rank_of(graph: Any, tensor: str) -> int:
    """Rank of a noise tensor. Piper/VITS noise is (batch, channels, time) in every known export."""
    for vi in graph.input:
        if vi.name == tensor and vi.type.tensor_type.HasField("shape"):
            return len(vi.type.tensor_type.shape.dim)
    return 3


def patch_noise_inputs(model_bytes: bytes) -> tuple[bytes, list[NoiseInput]]:
    """Return the model with every RandomNormalLike node replaced by a slice of a new input,
    plus one new output per noise input giving the shape it needed.

    Raises ValueError if the graph has no such node (nothing to make reproducible).
    """
    msgs = _messages()
    model = msgs["Model"]()
    model.ParseFromString(model_bytes)
    graph = model.graph
    new_nodes = []
    noise: list[NoiseInput] = []
    for node in graph.node:
        if node.op_type != NOISE_OP or node.domain not in ("", "ai.onnx"):
            new_nodes.append(node)
            continue
        k = len(noise)
        like, out = node.input[0], node.output[0]
        name = f"studio_noise_{k}"
        shape_out, zeros_out = f"{name}_shape", f"{name}_zeros"
        shape = msgs["Node"](input=[like], output=[shape_out], name=f"{name}/Shape", op_type="Shape")
        zeros = msgs["Node"](
            input=[shape_out, shape_out], output=[zeros_out], name=f"{name}/Zeros", op_type="Sub"
        )
        sl = msgs["Node"](
            input=[name, zeros_out, shape_out], output=[out], name=f"{name}/Slice", op_type="Slice"
        )
        new_nodes.extend([shape, zeros, sl])
        rank = _rank_of(graph, like)
        vi = msgs["ValueInfo"](name=name)
        vi.type.tensor_type.elem_type = FLOAT
        for d in range(rank):
            vi.type.tensor_type.shape.dim.add(dim_param=f"{name}_d{d}")
        graph.input.append(vi)
        shape_vi = msgs["ValueInfo"](name=shape_out)
        shape_vi.type.tensor_type.elem_type = INT64
        shape_vi.type.tensor_type.shape.dim.add(dim_value=rank)
        graph.output.append(shape_vi)
        noise.append(NoiseInput(name, shape_out, rank, node.name))
    if not noise:
        raise ValueError("the voice model draws no noise; nothing to patch")
    del graph.node[:]
    graph.node.extend(new_nodes)
    return model.SerializeToString(), noise
