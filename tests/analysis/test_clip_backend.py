"""The optional CLIP backend, loaded from a tiny randomly initialised checkpoint the test saves
itself (real transformers loading and scoring code, no download, no mock)."""

from __future__ import annotations

import numpy as np
import pytest

from studio.analysis.__main__ import project_from_folder
from studio.analysis.clip import ClipSimilarity, ClipUnavailable, image_vectors, load_clip
from studio.analysis.matcher import plan_job
from studio.core.progress import run_job
from tests.samples import product_photo

WORDS = ["red", "blue", "green", "pocket", "zipper", "hood", "photo", "screen", "black", "white"]


def _tiny_clip(folder):
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, PreTrainedTokenizerFast

    torch.manual_seed(0)
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[BOS]", "[EOS]", *WORDS])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        pad_token="[PAD]",
        unk_token="[UNK]",
        bos_token="[BOS]",
        eos_token="[EOS]",
        model_max_length=16,
    )
    config = CLIPConfig(
        text_config=dict(
            vocab_size=len(vocab),
            hidden_size=16,
            intermediate_size=32,
            num_hidden_layers=1,
            num_attention_heads=2,
            max_position_embeddings=16,
            eos_token_id=3,
            pad_token_id=0,
            bos_token_id=2,
        ),
        vision_config=dict(
            hidden_size=16,
            intermediate_size=32,
            num_hidden_layers=1,
            num_attention_heads=2,
            image_size=32,
            patch_size=8,
        ),
        projection_dim=8,
    )
    CLIPModel(config).save_pretrained(folder)
    fast.save_pretrained(folder)
    CLIPImageProcessor(
        size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}
    ).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory):
    return _tiny_clip(tmp_path_factory.mktemp("tiny-clip"))


def test_tiny_clip_loads_and_embeds(tiny_clip, tmp_path, fresh_cache):
    clip = load_clip(tiny_clip)
    assert load_clip(tiny_clip) is clip  # loaded once per process
    texts = clip.embed_texts(["red pocket", "blue hood screen"])
    assert texts.shape == (2, 8)
    assert np.allclose(np.linalg.norm(texts, axis=1), 1.0, atol=1e-4)
    paths = [
        product_photo(tmp_path / "a.jpg", colour=(200, 30, 30)),
        product_photo(tmp_path / "b.jpg"),
    ]
    first = image_vectors(clip, paths)
    assert first.shape == (2, 8)
    assert list(fresh_cache.rglob("*.npy"))  # cached per checkpoint and image content
    assert np.allclose(image_vectors(clip, paths), first, atol=1e-5)


@pytest.mark.slow  # runs the analysis models on real photos
def test_clip_adds_scored_evidence_to_a_plan(tiny_clip, tmp_path):
    for k, colour in enumerate([(200, 30, 30), (30, 60, 200), (30, 140, 60)]):
        product_photo(tmp_path / f"img{k + 1}.jpg", colour=colour)
    (tmp_path / "bullets.txt").write_text("Red pocket.\nBlue hood.\n")
    project = project_from_folder(tmp_path)
    plan = run_job(plan_job(project, clip_path=tiny_clip))
    assert len(plan.matches) == 2 and plan.hero in {"img1.jpg", "img2.jpg", "img3.jpg"}
    # The source itself: a standardised score per (bullet, image), zero mean per bullet.
    from studio.analysis.context import MatchContext
    from studio.analysis.image_features import analyze_image
    from studio.analysis.text import embed

    names = ["img1.jpg", "img2.jpg", "img3.jpg"]
    ctx = MatchContext(
        "",
        ["Red pocket.", "Blue hood."],
        names,
        [analyze_image(tmp_path / n) for n in names],
        embed,
        [tmp_path / n for n in names],
    )
    ev = ClipSimilarity(tiny_clip).collect(ctx)
    assert ev.source == "clip" and ev.scores.shape == (2, 3)
    assert np.allclose(ev.scores.mean(axis=1), 0.0, atol=1e-5)
    assert np.abs(ev.scores).max() > 0


def test_a_folder_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(ClipUnavailable, match="config.json"):
        load_clip(tmp_path)
