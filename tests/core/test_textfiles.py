"""A seller's text files: only regular files, never more than a limit, encodings decided
conservatively, and lines that end only at newlines."""

from __future__ import annotations

import os
import threading

import pytest

from studio.core.errors import ProjectError
from studio.core.textfiles import decode_text, read_small_file, read_text_file, text_lines


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "bullets.txt"
    os.mkfifo(fifo)
    done = []
    t = threading.Thread(
        target=lambda: done.append(pytest.raises(ProjectError, read_small_file, fifo))
    )
    t.start()
    t.join(5)
    assert done, "reading a FIFO blocked"
    assert "not a regular file" in str(done[0].value)


def test_a_link_to_an_endless_device_is_refused(tmp_path):
    link = tmp_path / "product.toml"
    link.symlink_to("/dev/urandom")
    with pytest.raises(ProjectError, match="not a regular file"):
        read_small_file(link)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "bullets.txt"
    with open(big, "wb") as f:
        f.truncate(50_000_000)
    with pytest.raises(ProjectError, match="too large"):
        read_small_file(big)


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Café crème\nNaïve".encode(), "Café crème\nNaïve", "utf-8"),
        ("\ufeffCafé".encode("utf-8"), "Café", "utf-8-sig"),
        ("Café".encode("utf-16"), "Café", "utf-16"),
        # Latin-1 / Windows "ANSI" text of an even length: no longer taken for UTF-16.
        (
            "Crème brûlée\nSoft café\nTwo ties".encode("latin-1"),
            "Crème brûlée\nSoft café\nTwo ties",
            "cp1252",
        ),
        ("“Smart” quotes – and €5".encode("cp1252"), "“Smart” quotes – and €5", "cp1252"),
    ],
)
def test_encodings_are_read_right(data, text, encoding):
    assert decode_text(data, "bullets.txt") == (text, encoding)


def test_binary_or_utf16_without_a_mark_is_refused_not_guessed():
    with pytest.raises(ProjectError, match="save it as UTF-8"):
        decode_text("Café".encode("utf-16-le"), "bullets.txt")
    with pytest.raises(ProjectError, match="save it as UTF-8"):
        decode_text(bytes(range(256)), "bullets.txt")


def test_only_newlines_separate_lines():
    text = "One\x0cstill one\x85and one\u2028too\u2029yes\r\nTwo\rThree"
    assert text_lines(text) == ["One still one and one too yes", "Two", "Three"]


def test_read_text_file_returns_text_and_encoding(tmp_path):
    p = tmp_path / "bullets.txt"
    p.write_bytes(b"Red\nBlue")
    assert read_text_file(p) == ("Red\nBlue", "utf-8")
