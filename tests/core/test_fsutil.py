"""Temporary files: owned by their process, swept after a crash, published together, and left
with the user's normal permissions."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from studio.core.errors import StudioError
from studio.core.fsutil import (
    STALE_AGE,
    Staging,
    atomic_write_text,
    file_mode,
    make_work_dir,
    sweep_leftovers,
    sweep_stale,
    sweep_work,
    temp_path_for,
)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temporary_names_carry_the_process_id(tmp_path):
    tmp = temp_path_for(tmp_path / "video.mp4")
    assert (
        tmp.name.startswith(".video.studio-")
        and f"-{os.getpid()}-" in tmp.name
        and tmp.name.endswith(".mp4.part")
    )


def test_leftovers_of_dead_or_old_processes_are_swept_and_live_ones_kept(tmp_path):
    dead = tmp_path / f".video.studio-{_dead_pid()}-0123abcd.mp4.part"
    live = tmp_path / f".video.studio-{os.getppid()}-0123abcd.mp4.part"
    old = tmp_path / f".save.studio-{os.getppid()}-89abcdef.json.part"
    foreign = tmp_path / ".video.mp4.part"  # not ours: never touched
    for p in (dead, live, old, foreign):
        p.write_bytes(b"x")
    os.utime(old, (time.time() - STALE_AGE - 60,) * 2)
    assert sorted(p.name for p in sweep_stale([tmp_path])) == sorted([dead.name, old.name])
    assert live.exists() and foreign.exists()


def test_work_folders_of_dead_processes_are_swept(fresh_cache):
    mine = make_work_dir()
    (mine / "mix.wav").write_bytes(b"x" * 10)
    orphan = mine.parent / f"studio-{_dead_pid()}-00000000"
    orphan.mkdir()
    (orphan / "mix.wav").write_bytes(b"x" * 10)
    assert sweep_work() == [orphan]
    assert mine.is_dir() and not orphan.exists()


def test_a_start_sweeps_the_cache_and_the_given_folders(fresh_cache, tmp_path):
    ns = fresh_cache / "analysis"
    ns.mkdir(parents=True)
    stale = ns / f".abc.studio-{_dead_pid()}-deadbeef.json.part"
    stale.write_text("{")
    product = tmp_path / "product"
    product.mkdir()
    save = product / f".p.studio-{_dead_pid()}-cafebabe.json.part"
    save.write_text("{")
    removed = sweep_leftovers([product])
    assert stale in removed and save in removed


def test_outputs_get_the_users_permissions_not_a_temporary_files(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "a.srt", "x")
        assert (tmp_path / "a.srt").stat().st_mode & 0o777 == 0o640 == file_mode()
    finally:
        os.umask(old)


def test_staged_outputs_appear_together_or_not_at_all(tmp_path):
    with Staging() as s:
        a = s.path(tmp_path / "v.mp4")
        b = s.path(tmp_path / "v.srt")
        a.write_bytes(b"video")
        b.write_bytes(b"subs")
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == []
        s.publish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4", "v.srt"]

    with Staging() as s:  # an error before publishing: nothing appears, no temporary stays
        s.path(tmp_path / "w.mp4").write_bytes(b"video")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4", "v.srt"]

    (tmp_path / "x.srt").mkdir()  # the subtitles cannot be put in place
    with Staging() as s, pytest.raises(StudioError, match="x.srt"):
        s.path(tmp_path / "x.mp4").write_bytes(b"video")
        s.path(tmp_path / "x.srt").write_bytes(b"subs")
        s.publish()
    assert not (tmp_path / "x.mp4").exists()  # the video that was already in place is taken back
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
