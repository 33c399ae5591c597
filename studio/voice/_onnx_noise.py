"""Make a Piper (VITS) ONNX graph take its random noise as inputs, so takes are reproducible.

Piper's exported graph draws noise inside onnxruntime (``RandomNormalLike``), seeded once per
session from the clock; the same seed can't be replayed per call. Here each such node becomes
``Slice(<noise input>, 0, Shape(like))``: the caller passes a seeded noise buffer at least as
large as needed and the graph uses its leading part. Noise at a given frame then depends only
on the seed and the frame index, not on how long a buffer was passed.

The ``onnx`` package is not required: the graph is edited through ``studio.media.onnx_graph``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studio.media.onnx_graph import FLOAT, INT64, messages

NOISE_OP = "RandomNormalLike"


@dataclass(frozen=True)
class NoiseInput:
    """One noise input of the patched graph, and the extra output that reports the noise shape
    the graph needed in that run (so a caller can check its buffer covered every dimension)."""

    name: str
    shape_output: str
    rank: int
    node_name: str


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
    msgs = messages()
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
        shape = msgs["Node"](
            input=[like], output=[shape_out], name=f"{name}/Shape", op_type="Shape"
        )
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
