"""Bringing photos into a product folder: checked, copied atomically, deduplicated, and
nothing left behind when the user cancels."""

from __future__ import annotations

from pathlib import Path

from studio.core.progress import run_job
from studio.jobs import intake
from studio.jobs.intake import import_images_job
from tests.samples import product_photo


def _outside(tmp_path: Path) -> Path:
    d = tmp_path / "camera"
    d.mkdir()
    product_photo(d / "a.jpg")
    product_photo(d / "b.png", colour=(30, 90, 200))
    (d / "notes.txt").write_text("not a photo")
    (d / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    (d / ".hidden.jpg").write_bytes(b"")
    return d


def test_folder_from_elsewhere_is_checked_and_copied_in(tmp_path):
    root = tmp_path / "product"
    root.mkdir()
    product_photo(root / "a.jpg", colour=(200, 40, 40))  # another photo already called a.jpg
    src = _outside(tmp_path)
    res = run_job(import_images_job(root, ["a.jpg"], [src]))
    assert res.added == ["a-1.jpg", "b.png"]
    assert res.copied == ["a-1.jpg", "b.png"]
    assert (root / "a-1.jpg").read_bytes() == (src / "a.jpg").read_bytes()
    assert len(res.problems) == 2
    assert any("notes.txt" in p and "not a supported image type" in p for p in res.problems)
    assert any("broken.jpg" in p for p in res.problems)
    assert not list(root.glob(".*.part"))
    # the same files again: recognised by content, nothing copied, nothing added twice
    again = run_job(import_images_job(root, ["a.jpg", *res.added], [src / "a.jpg", src / "b.png"]))
    assert again.added == [] and again.copied == []
    assert sorted(p.name for p in root.iterdir()) == ["a-1.jpg", "a.jpg", "b.png"]


def test_images_inside_the_folder_are_referenced_not_copied(tmp_path):
    root = tmp_path / "product"
    (root / "shots").mkdir(parents=True)
    product_photo(root / "shots" / "x.jpg")
    res = run_job(import_images_job(root, [], [root / "shots" / "x.jpg"]))
    assert res.added == ["shots/x.jpg"] and res.copied == []


def test_cancelling_mid_copy_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(intake, "COPY_CHUNK", 1024)  # many chunks: a cancel lands mid-file
    root = tmp_path / "product"
    root.mkdir()
    src = _outside(tmp_path)
    job = import_images_job(root, [], [src / "a.jpg", src / "b.png"])
    seen = []
    for p in job:
        seen.append(p)
        if "b.png" in p.message and p.stage == "Adding images" and p.message.startswith("Copying"):
            break
    job.close()
    assert (1.0 <= seen[-1].done < 2.0) and seen[-1].total == 2
    assert list(root.iterdir()) == []  # a.jpg's finished copy taken back, b.png's part removed


def test_two_imports_of_same_named_photos_at_once_keep_both_intact(tmp_path, monkeypatch):
    monkeypatch.setattr(intake, "COPY_CHUNK", 512)
    root = tmp_path / "product"
    root.mkdir()
    for name, colour in (("one", (200, 30, 30)), ("two", (30, 30, 200))):
        (tmp_path / name).mkdir()
        product_photo(tmp_path / name / "IMG_0001.png", colour=colour)
    a = import_images_job(root, [], [tmp_path / "one"])
    b = import_images_job(root, [], [tmp_path / "two"])
    results = {}
    live = {"a": a, "b": b}
    while live:  # interleave the two jobs chunk by chunk, as two workers would
        for key, job in list(live.items()):
            try:
                next(job)
            except StopIteration as stop:
                results[key] = stop.value
                del live[key]
    names = sorted(results["a"].added + results["b"].added)
    assert names == ["IMG_0001-1.png", "IMG_0001.png"]
    contents = sorted((root / n).read_bytes() for n in names)
    assert contents == sorted((tmp_path / d / "IMG_0001.png").read_bytes() for d in ("one", "two"))
    assert not list(root.glob(".*"))
