"""Make a Piper (VITS) ONNX graph also return how long it holds each phoneme id.

VITS predicts a duration per input id and rounds it up to whole frames before expanding the
text encoding to audio length: ``w_ceil = ceil(exp(logw) * x_mask * length_scale)``, shape
(batch, 1, ids). The decoder then turns each frame into ``hop_length`` samples (256 for Piper
voices), so ``w_ceil * hop_length`` is the exact number of samples each id occupies in the
output, summing to its length. That tensor is the graph's only ``Ceil``; marking it as an
output gives word timings from the same run that makes the audio, at no extra cost and
without changing a sample of it (piper's own ``patch_voice_with_alignment`` does the same
with the ``onnx`` package).
"""

from __future__ import annotations

from studio.media.onnx_graph import expose_output

DURATIONS_OP = "Ceil"


def expose_durations(model_bytes: bytes) -> tuple[bytes, str]:
    """The model with its per-id frame counts as an extra output, and that output's name.

    Raises ValueError if the graph has no single ``Ceil`` node to take them from.
    """
    return expose_output(model_bytes, DURATIONS_OP)
