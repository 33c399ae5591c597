"""Which voice reads a translation, and a product with two languages rendered as two videos,
each read by a voice of its language (tiny Piper voices the test builds)."""

from __future__ import annotations

import pytest

from studio.core.intake import load_product
from studio.core.model import ExportSettings
from studio.core.progress import run_job
from studio.jobs.locales import PIPER_VOICES_URL, locale_project, voice_for
from studio.jobs.pipeline import export_job, plan_project_job, voice_job
from studio.media.ffmpeg import probe
from studio.media.images import image_info
from studio.voice.library import available_voices, user_voices_dir
from tests.samples import demo_product
from tests.voice.tiny_piper import make_tiny_voice


def _product(tmp_path):
    d = demo_product(tmp_path / "hoodie")
    (d / "bullets.zh_CN.txt").write_text("袋鼠口袋。\n可调节抽绳兜帽。\n", encoding="utf-8")
    (d / "product.zh_CN.toml").write_text('title = "连帽衫"\nprice = "¥399"\n', encoding="utf-8")
    (d / "bullets.de.txt").write_text("Kängurutasche.\nVerstellbare Kapuze.\n", encoding="utf-8")
    return load_product(d, image_info).project


def test_the_voice_of_the_language_is_chosen_region_first(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    make_tiny_voice(user_voices_dir(), "pt_PT-tiny-x_low", language="pt_PT")
    make_tiny_voice(user_voices_dir(), "pt_BR-tiny-x_low", language="pt_BR")
    voices = available_voices()
    assert voice_for("pt_BR", "", voices).id == "pt_BR-tiny-x_low"
    assert voice_for("pt", "pt_PT-tiny-x_low", voices).id == "pt_PT-tiny-x_low"
    assert voice_for("de", "", voices) is None
    assert voice_for("en_GB", "en_US-joe-medium", voices).id == "en_US-joe-medium"


def test_a_language_without_a_voice_gets_captions_and_says_where_voices_come_from(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    project = _product(tmp_path)
    de = locale_project(project, "de")
    assert de.voice is None
    (warning,) = de.warnings
    assert "no installed voice speaks German (de)" in warning
    assert PIPER_VOICES_URL in warning and str(user_voices_dir()) in warning


def test_a_voice_named_by_the_translation_that_is_missing_is_replaced_with_a_warning(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    make_tiny_voice(user_voices_dir(), "zh_CN-tiny-x_low", language="zh_CN")
    project = _product(tmp_path)
    project.product.locales["zh_CN"].voice = "zh_CN-gone-medium"
    zh = locale_project(project, "zh_CN")
    assert zh.voice == "zh_CN-tiny-x_low"
    assert "unknown voice 'zh_CN-gone-medium'" in zh.warnings[0]


@pytest.mark.slow  # plans with the real models, voices with real Piper, encodes twice
def test_two_languages_render_two_videos_each_read_by_its_own_voice(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    make_tiny_voice(user_voices_dir(), "zh_CN-tiny-x_low", language="zh_CN")
    project = _product(tmp_path)
    run_job(plan_project_job(project))
    for code, voice in (("zh_CN", "zh_CN-tiny-x_low"), (None, "en_US-joe-medium")):
        made = locale_project(project, code) if code else None
        target = made.project if made else project
        assert target.voice.voice == voice
        takes = run_job(voice_job(target))
        spoken = [takes[s.id] for s in target.timeline.scenes if s.id in takes]
        assert spoken and {t.voice for t in spoken} == {voice}
        out = tmp_path / f"hoodie-{code or 'en'}.mp4"
        result = run_job(export_job(target, out, ExportSettings(height=144)))
        info = probe(result.video)
        assert info.first("video") is not None and info.first("audio") is not None
        srt = out.with_suffix(".srt").read_text(encoding="utf-8")
        if code:
            assert "袋鼠口袋。" in srt and "连帽衫 — ¥399" in srt and "Kangaroo" not in srt
        else:
            assert "Kangaroo pocket." in srt
