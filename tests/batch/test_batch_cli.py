"""`studio batch` and `studio batch-status` from a terminal: the cases that need no render."""

from __future__ import annotations

import json

from studio.batch.runner import locked
from studio.cli import main


def _lost_catalogue(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "sku,title,bullets,images\nA,Lamp,Bright.,gone/*.jpg\nB,Chair,Comfy.,nothing.jpg\n",
        encoding="utf-8",
    )
    return path


def test_skus_that_cannot_render_are_recorded_without_workers(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(_lost_catalogue(tmp_path)), "-o", str(out), "-q"]) == 3
    captured = capsys.readouterr()
    assert "failed: A: no photos found" in captured.err
    lines = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    assert [(d["sku"], d["status"]) for d in lines] == [("A", "failed"), ("B", "failed")]
    assert (out / "report.html").is_file()

    assert main(["batch", str(_lost_catalogue(tmp_path)), "-o", str(out), "-q"]) == 0
    assert "0 failed, 0 unchanged, 2 failed before" in capsys.readouterr().out

    assert main(["batch-status", str(out)]) == 0
    status = capsys.readouterr().out
    assert "2 SKUs: 0 done, 2 failed" in status and "failed: B landscape" in status


def test_user_errors_are_one_line(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "none.csv"), "-o", str(out)]) == 1
    assert "no such catalogue" in capsys.readouterr().err
    cat = _lost_catalogue(tmp_path)
    assert main(["batch", str(cat), "-o", str(out), "--only", "Z"]) == 1
    assert "not in the catalogue: Z" in capsys.readouterr().err
    assert main(["batch", str(cat), "-o", str(out), "--presets", "cinema"]) == 1
    assert "unknown preset" in capsys.readouterr().err
    assert main(["batch-status", str(tmp_path)]) == 1
    assert "no manifest.jsonl" in capsys.readouterr().err


def test_one_batch_at_a_time_per_output_folder(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with locked(out):
        assert main(["batch", str(_lost_catalogue(tmp_path)), "-o", str(out)]) == 1
    assert "another batch is writing" in capsys.readouterr().err
