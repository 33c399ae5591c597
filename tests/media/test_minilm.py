"""The sentence encoder the studio runs gives what sentence-transformers gives for the same
shipped model, on every kind of text a listing brings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from studio.media.minilm import MAX_TOKENS, MiniLM, model_folder

TEXTS = [
    "Full zip black hoodie pullover.",
    "Kangaroo pocket.",
    "running shoe",
    "a",
    "",
    "5 MP camera, 1080p @ 60fps; USB-C (3.1) & 2× faster charging!",
    "Sac à dos imperméable, fermeture éclair — naïve café",
    "防水 拉链 连帽衫 🙂👍",
    "مرحبا بالعالم",
    # Longer than the model's 256 tokens: cut there, like the reference.
    "The water-repellent exterior shields you from the elements while the fabric wicks moisture. "
    * 30,
]


@pytest.fixture(scope="module")
def encoder() -> MiniLM:
    return MiniLM(model_folder())


def test_the_encoder_matches_sentence_transformers(encoder: MiniLM):
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(model_folder()), device="cpu").encode(
        TEXTS, batch_size=4, normalize_embeddings=True, convert_to_numpy=True
    )
    ours = encoder.encode(TEXTS, batch_size=4)
    assert ours.shape == (len(TEXTS), 384)
    assert ours.dtype == np.float32
    assert np.abs(ours - reference).max() < 1e-4
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_text_embeds_the_same_whatever_it_is_batched_with(encoder: MiniLM):
    alone = np.stack([encoder.encode([t])[0] for t in TEXTS[:4]])
    together = encoder.encode(TEXTS, batch_size=16)[:4]
    assert np.abs(alone - together).max() < 1e-5


def test_long_texts_are_cut_at_the_models_limit(encoder: MiniLM):
    ids = encoder.tokenizer.encode_batch([TEXTS[-1]])[0].ids
    assert len(ids) == MAX_TOKENS
    assert encoder.encode(["word " * 5000]).shape == (1, 384)


def test_a_folder_holding_another_kind_of_model_is_refused(tmp_path: Path):
    folder = tmp_path / "model"
    shutil.copytree(model_folder(), folder)
    config = json.loads((folder / "config.json").read_text())
    config["model_type"] = "t5"
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="not a BERT sentence model"):
        MiniLM(folder)


def test_embedding_text_does_not_import_sentence_transformers(tmp_path: Path):
    code = (
        "import sys; from studio.media import sentences;"
        "v = sentences.embed(['a phrase embedded in a fresh process']);"
        "print(round(float((v * v).sum()), 3), 'sentence_transformers' in sys.modules)"
    )
    env = {"STUDIO_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["1.0", "False"]
