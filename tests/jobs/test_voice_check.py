"""An export says once per product what the voice cannot read, not once per scene."""

from __future__ import annotations

import pytest

from studio.core.model import Product, Project, Scene, Timeline
from studio.core.progress import run_job
from studio.jobs.pipeline import voice_job
from studio.jobs.voice_check import voice_warnings
from studio.voice.library import user_voices_dir
from tests.voice.tiny_piper import make_tiny_voice


def _project(tmp_path, lines):
    scenes = [Scene(caption=line, voice_line=line) for line in lines]
    return Project(tmp_path, product=Product(bullets=list(lines)), timeline=Timeline(scenes))


@pytest.mark.slow
def test_one_line_for_the_product_with_real_takes(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    lines = ["轻便防水背包", "防水 fabric, light", "Zip pocket", "两个侧袋"]
    project = _project(tmp_path, lines)
    takes = run_job(voice_job(project))
    warnings = voice_warnings(project, takes)
    assert len(warnings) == 2, warnings
    scripts, silent = warnings
    assert "cannot read Chinese/Japanese characters in 3 lines" in scripts
    assert "no installed voice reads them" in scripts and str(user_voices_dir()) in scripts
    assert silent.startswith("2 scenes with nothing the voice can speak (first: '轻便防水背包')")


def test_an_installed_voice_for_the_language_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    make_tiny_voice(user_voices_dir(), "zh_CN-tiny-x_low", language="zh_CN")
    project = _project(tmp_path, ["轻便防水背包", "Zip pocket"])
    (scripts, _silent) = voice_warnings(project, {})
    assert scripts.endswith("installed voices that read them: zh_CN-tiny-x_low")


def test_nothing_to_say_when_the_voice_reads_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    project = _project(tmp_path, ["Zip pocket", "Café crème, 2 for $5"])
    assert voice_warnings(project, run_job(voice_job(project))) == []
