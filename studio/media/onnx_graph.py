"""Small edits to ONNX model files without the ``onnx`` package.

A minimal description of the few ONNX protobuf messages the studio touches is built at run time
with ``google.protobuf`` (a dependency of onnxruntime). Fields not described here (weights,
attributes, ...) are kept as unknown fields and written back unchanged, so an edited model is
the original plus exactly the change asked for.
"""

from __future__ import annotations

import functools
from typing import Any

FLOAT = 1  # onnx TensorProto.FLOAT
INT64 = 7  # onnx TensorProto.INT64


@functools.cache
def messages() -> dict[str, Any]:
    """Message classes for Model, Graph, Node and ValueInfo (field numbers follow onnx.proto)."""
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

    message(
        "Dim",
        [("dim_value", 1, F.TYPE_INT64, opt, None), ("dim_param", 2, F.TYPE_STRING, opt, None)],
    )
    message("Shape", [("dim", 1, F.TYPE_MESSAGE, rep, "Dim")])
    message(
        "TensorType",
        [("elem_type", 1, F.TYPE_INT32, opt, None), ("shape", 2, F.TYPE_MESSAGE, opt, "Shape")],
    )
    message("Type", [("tensor_type", 1, F.TYPE_MESSAGE, opt, "TensorType")])
    message(
        "ValueInfo",
        [("name", 1, F.TYPE_STRING, opt, None), ("type", 2, F.TYPE_MESSAGE, opt, "Type")],
    )
    message(
        "Node",
        [
            ("input", 1, F.TYPE_STRING, rep, None),
            ("output", 2, F.TYPE_STRING, rep, None),
            ("name", 3, F.TYPE_STRING, opt, None),
            ("op_type", 4, F.TYPE_STRING, opt, None),
            ("domain", 7, F.TYPE_STRING, opt, None),
        ],
    )
    message(
        "Graph",
        [
            ("node", 1, F.TYPE_MESSAGE, rep, "Node"),
            ("input", 11, F.TYPE_MESSAGE, rep, "ValueInfo"),
            ("output", 12, F.TYPE_MESSAGE, rep, "ValueInfo"),
            ("value_info", 13, F.TYPE_MESSAGE, rep, "ValueInfo"),
        ],
    )
    message("Model", [("graph", 7, F.TYPE_MESSAGE, opt, "Graph")])
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    return {
        n: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"studio_mini_onnx.{n}"))
        for n in ("Model", "Node", "ValueInfo")
    }


def parse_model(model_bytes: bytes) -> Any:
    model = messages()["Model"]()
    model.ParseFromString(model_bytes)
    return model


def free_dimensions(model_bytes: bytes, axes: tuple[int, ...]) -> bytes:
    """The model with the given axes of every graph input and output made symbolic.

    For fully convolutional networks exported at one fixed size (U^2-Net at 320x320): they run
    at any size once the declared shapes allow it. Intermediate shape annotations are dropped
    (they would pin the old size); ONNX Runtime infers them again.
    Raises ValueError if the graph declares no input with that many dimensions.
    """
    model = parse_model(model_bytes)
    graph = model.graph
    changed = False
    for vi in list(graph.input) + list(graph.output):
        dims = vi.type.tensor_type.shape.dim
        for axis in axes:
            if axis < len(dims):
                dims[axis].Clear()
                dims[axis].dim_param = f"free_{vi.name}_{axis}".replace(".", "_")
                changed = True
    if not changed:
        raise ValueError("the model declares no input or output with those dimensions")
    del graph.value_info[:]
    result: bytes = model.SerializeToString()
    return result


def expose_output(model_bytes: bytes, op_type: str) -> tuple[bytes, str]:
    """The model with the output of its one ``op_type`` node also returned as a graph output,
    and that tensor's name. The new output comes after the existing ones, so their positions
    do not move, and nothing is computed differently: onnxruntime only keeps the tensor.

    Raises ValueError unless exactly one such node exists, or if its output already is one.
    """
    model = parse_model(model_bytes)
    graph = model.graph
    found = [n for n in graph.node if n.op_type == op_type and n.domain in ("", "ai.onnx")]
    if len(found) != 1:
        raise ValueError(f"the model has {len(found)} {op_type} nodes, not one")
    name = found[0].output[0]
    if any(o.name == name for o in graph.output):
        raise ValueError(f"{name} already is an output of the model")
    graph.output.append(messages()["ValueInfo"](name=name))
    result: bytes = model.SerializeToString()
    return result, name
