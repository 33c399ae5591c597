"""`studio check` and `studio render --for`: one line per rule, exit 0 when nothing fails and 1
when something does; a render a platform would reject writes nothing unless forced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import COMMANDS, main, wants_cli
from studio.core.model import ImageAsset, Product, Project, Scene, Timeline
from studio.core.project_io import save_project
from tests.samples import demo_product

pytestmark = pytest.mark.slow


def _project_file(tmp_path: Path, price: str = "", seconds: float = 3.0) -> Path:
    root = demo_product(tmp_path / "hoodie")
    p = Project(
        root,
        Product("Trail Hoodie", ["Kangaroo pocket.", "Drawstring hood."], price, "Luma"),
        [ImageAsset("img1.jpg"), ImageAsset("img3.jpg")],
        Timeline(
            [
                Scene(kind="title", image="img1.jpg", duration=seconds),
                Scene(
                    kind="bullet",
                    bullet=0,
                    caption="Kangaroo pocket",
                    image="img3.jpg",
                    duration=seconds,
                ),
                Scene(kind="cta", duration=2.0),
            ]
        ),
    )
    p.music.source = "none"
    path = root / "hoodie.studio.json"
    save_project(p, path)
    return path


def test_check_is_a_command():
    assert "check" in COMMANDS and wants_cli(["check", "--for", "etsy"])


def test_check_needs_something_to_check(capsys):
    assert main(["check", "--for", "etsy"]) == 1
    assert "check needs a product folder, a project file, or --video" in capsys.readouterr().err


def test_check_prints_one_line_per_rule_and_exits_by_the_worst(tmp_path, capsys):
    ok = _project_file(tmp_path / "ok")
    assert main(["check", str(ok), "--for", "etsy", "-q"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["PASS  duration 5-15 s: 8.0 s"]

    long = _project_file(tmp_path / "long", seconds=7.0)
    assert main(["check", str(long), "--for", "etsy", "-q"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAIL  duration 5-15 s: 16.0 s — fix: trim 1.0 s to reach 15 s")

    priced = _project_file(tmp_path / "priced", price="$63.00")
    assert main(["check", str(priced), "--for", "amazon", "-q"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10
    content = [ln for ln in lines if "no prices" in ln][0]
    assert (
        content.startswith("FAIL") and "'$63.00' (price)" in content and "— fix: remove" in content
    )
    assert [ln[:4] for ln in lines].count("FAIL") == 1


def test_check_json(tmp_path, capsys):
    path = _project_file(tmp_path)
    assert main(["check", str(path), "--for", "shorts", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["platform"] == "shorts" and doc["passed"] is True
    assert [c["kind"] for c in doc["checks"]] == ["aspect", "duration"]
    assert all(c["source"].endswith("checked 2026-11-28") for c in doc["checks"])


def test_render_for_a_platform_refuses_a_failing_video_unless_forced(tmp_path, capsys):
    path = _project_file(tmp_path, price="$63.00")
    out = tmp_path / "hoodie-amazon.mp4"
    assert main(["render", str(path), "--for", "amazon", "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "Amazon product video, before rendering:" in err
    assert "FAIL  no prices" in err and "nothing rendered" in err and "--force" in err
    assert not out.exists()


def test_render_for_a_platform_writes_checks_and_extras(tmp_path, capsys):
    path = _project_file(tmp_path)
    out = tmp_path / "hoodie.mp4"
    args = ["render", str(path), "--for", "etsy", "--height", "180", "-o", str(out)]
    assert main([*args, "--cover", "--loop", "-q"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        str(out),
        str(out.with_suffix(".srt")),
        str(tmp_path / "hoodie-cover.png"),
        str(tmp_path / "hoodie-loop.webp"),
    ]
    assert "Etsy listing video, the file:\nPASS  duration 5-15 s: 8.0 s" in captured.err
    assert (tmp_path / "hoodie-cover.png").is_file() and (tmp_path / "hoodie-loop.webp").is_file()

    # the file itself, checked on its own
    assert main(["check", "--video", str(out), "--for", "etsy", "-q"]) == 0
    assert capsys.readouterr().out.strip() == "PASS  duration 5-15 s: 8.0 s"
    assert main(["check", "--video", str(out), "--for", "walmart", "-q"]) == 1
    text = capsys.readouterr().out
    assert "FAIL  aspect 16:9: 1:1 (180x180) — fix: export as 16:9" in text  # Etsy: square
    assert "FAIL  captions as a WebVTT (.vtt) file" in text
