"""The manifest survives torn writes; the report escapes everything and loads nothing."""

from __future__ import annotations

import re

from studio.batch.manifest import (
    DONE,
    FAILED,
    Record,
    append_records,
    latest,
    manifest_path,
    read_records,
    repair_tail,
)
from studio.batch.report import render_report, write_report
from studio.batch.settings import BatchSettings
from studio.batch.sizing import GB, memory_per_sku, pool_size


def test_a_torn_last_line_is_ignored_and_cut_before_the_next_append(tmp_path):
    append_records(tmp_path, [Record("A", "landscape", DONE, "h1")])
    with open(manifest_path(tmp_path), "ab") as f:
        f.write(b'{"sku":"B","variant":"landscape","sta')  # the crash hit mid-write
    assert [r.sku for r in read_records(tmp_path)] == ["A"]
    assert repair_tail(tmp_path)
    assert not repair_tail(tmp_path)
    append_records(tmp_path, [Record("B", "landscape", FAILED, "h2", error="no photos")])
    lines = manifest_path(tmp_path).read_text().splitlines()
    assert len(lines) == 2 and all(line.startswith("{") for line in lines)
    assert [r.sku for r in read_records(tmp_path)] == ["A", "B"]


def test_the_newest_record_of_a_sku_and_variant_counts(tmp_path):
    append_records(
        tmp_path,
        [Record("A", "landscape", FAILED, "h1"), Record("A", "portrait", DONE, "h1")],
    )
    append_records(tmp_path, [Record("A", "landscape", DONE, "h2")])
    newest = latest(read_records(tmp_path))
    assert newest[("A", "landscape")].input_hash == "h2"
    assert newest[("A", "portrait")].status == DONE


def test_the_report_escapes_text_and_references_nothing_outside(tmp_path):
    evil = '<script>alert("x")</script>'
    records = [
        Record(
            'A&B"<x>',
            "landscape",
            DONE,
            video='A&B"<x>/A&B"<x>-landscape.mp4',
            cover='A&B"<x>/A&B"<x>-landscape.jpg',
            warnings=[evil],
            seconds=3,
            duration=2.0,
        ),
        Record("C", "landscape", FAILED, error=evil),
    ]
    page = render_report(records, "Batch <report>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Batch &lt;report&gt;" in page
    assert re.findall(r'(?:src|href)="([^"]*)"', page) == [
        "A%26B%22%3Cx%3E/A%26B%22%3Cx%3E-landscape.mp4",
        "A%26B%22%3Cx%3E/A%26B%22%3Cx%3E-landscape.jpg",
        "A%26B%22%3Cx%3E/A%26B%22%3Cx%3E-landscape.mp4",
        "A%26B%22%3Cx%3E/A%26B%22%3Cx%3E-landscape.jpg",
    ]
    assert "http" not in page and "<link" not in page and "@import" not in page
    append_records(tmp_path, records)
    assert write_report(tmp_path).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_memory_caps_the_pool(monkeypatch):
    import studio.batch.sizing as sizing

    full_hd = BatchSettings(height=1080, presets=("landscape", "portrait"))
    small = BatchSettings(height=240)
    assert memory_per_sku(full_hd) > 3 * GB > memory_per_sku(small)
    monkeypatch.setattr(sizing, "cores", lambda: 8)
    monkeypatch.setattr(sizing, "available_memory", lambda: 12 * GB)
    assert pool_size(full_hd).workers == 3  # 11 GB after the reserve, 3.6 GB a render
    assert pool_size(small).workers == 5
    capped = pool_size(full_hd, requested=6)
    assert capped.workers == 3 and "memory" in capped.reason
    assert pool_size(small, requested=1).workers == 1
    monkeypatch.setattr(sizing, "available_memory", lambda: 2 * GB)
    assert pool_size(full_hd).workers == 1  # never none


def test_how_a_worker_ended_is_said_in_words():
    from studio.batch.local_pool import ended

    assert ended(-9) == "was killed by SIGKILL (the system may have run out of memory)"
    assert ended(-11) == "was killed by SIGSEGV (a crash in native code)"
    assert ended(1) == "exited unexpectedly with status 1"
